using System.Runtime.InteropServices;

namespace PoseSearch.Embedding;

/// <summary>
/// Names the first shared library of the CUDA stack that does not load. ONNX Runtime's own error
/// when its CUDA provider cannot start only says "Failed to load shared library"; an operator needs
/// to know which one. The list is what ORT 1.31's CUDA provider links against (readelf -d
/// libonnxruntime_providers_cuda.so) plus cuDNN, which it opens at run time.
/// </summary>
public static class CudaLibraryProbe
{
    public static IReadOnlyList<string> Libraries { get; } =
        ["libcuda.so.1", "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9"];

    /// <returns>The first library that fails to load, or null when all load (Linux only; null elsewhere).</returns>
    public static string? FirstMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var library in Libraries)
        {
            if (!NativeLibrary.TryLoad(library, out var handle))
            {
                return library;
            }

            NativeLibrary.Free(handle);
        }

        return null;
    }
}
