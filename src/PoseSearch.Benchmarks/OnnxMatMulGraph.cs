using System.Text;

namespace PoseSearch.Benchmarks;

/// <summary>
/// Serializes a one-node ONNX model, C = MatMul(A, B) with A [m, k] and B [k, n] float
/// inputs, straight as protobuf (ModelProto of onnx.proto; the onnx package is not needed).
/// It lets the GEMM reference run on exactly the kernels that run the embedding model.
/// </summary>
internal static class OnnxMatMulGraph
{
    private const int FloatElementType = 1; // TensorProto.DataType.FLOAT
    private const long IrVersion = 8;
    private const long Opset = 17;

    public static byte[] Build(int m, int k, int n)
    {
        if (m < 1 || k < 1 || n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"matrix sizes must be positive, got {m} x {k} x {n}");
        }

        var node = new ProtoBuffer()
            .String(1, "A").String(1, "B")          // NodeProto.input
            .String(2, "C")                         // NodeProto.output
            .String(3, "matmul")                    // NodeProto.name
            .String(4, "MatMul");                   // NodeProto.op_type
        var graph = new ProtoBuffer()
            .Message(1, node)                       // GraphProto.node
            .String(2, "gemm_reference")            // GraphProto.name
            .Message(11, Tensor("A", m, k))         // GraphProto.input
            .Message(11, Tensor("B", k, n))
            .Message(12, Tensor("C", m, n));        // GraphProto.output
        var opset = new ProtoBuffer().String(1, "").Varint(2, Opset);   // OperatorSetIdProto
        return new ProtoBuffer()
            .Varint(1, IrVersion)                   // ModelProto.ir_version
            .String(2, "posesearch-benchmarks")     // ModelProto.producer_name
            .Message(7, graph)                      // ModelProto.graph
            .Message(8, opset)                      // ModelProto.opset_import
            .ToArray();
    }

    /// <summary>ValueInfoProto { name, type: TypeProto { tensor_type { elem_type FLOAT, shape [rows, columns] } } }.</summary>
    private static ProtoBuffer Tensor(string name, int rows, int columns)
    {
        var shape = new ProtoBuffer()
            .Message(1, new ProtoBuffer().Varint(1, rows))      // TensorShapeProto.dim { dim_value }
            .Message(1, new ProtoBuffer().Varint(1, columns));
        var tensorType = new ProtoBuffer().Varint(1, FloatElementType).Message(2, shape);
        var type = new ProtoBuffer().Message(1, tensorType);
        return new ProtoBuffer().String(1, name).Message(2, type);
    }

    /// <summary>The protobuf wire format: varint (wire type 0) and length-delimited (wire type 2) fields.</summary>
    private sealed class ProtoBuffer
    {
        private readonly List<byte> _bytes = [];

        public ProtoBuffer Varint(int field, long value)
        {
            WriteVarint((ulong)(field << 3));
            WriteVarint((ulong)value);
            return this;
        }

        public ProtoBuffer String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public ProtoBuffer Message(int field, ProtoBuffer message) => Bytes(field, message.ToArray());

        public byte[] ToArray() => [.. _bytes];

        private ProtoBuffer Bytes(int field, byte[] value)
        {
            WriteVarint((ulong)((field << 3) | 2));
            WriteVarint((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }
            _bytes.Add((byte)value);
        }
    }
}
