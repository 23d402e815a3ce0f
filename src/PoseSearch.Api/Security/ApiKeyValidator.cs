using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Startup;

namespace PoseSearch.Api.Security;

/// <summary>
/// Checks a presented API key against the configured ones in constant time. Both sides are
/// hashed first so that the comparison length does not depend on the key either, and every
/// configured key is compared (no early exit).
/// </summary>
public sealed class ApiKeyValidator(IOptions<PoseSearchOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _keyHashes = options.Value.ApiKeys.Select(Hash).ToArray();

    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var hash = Hash(presented);
        var match = false;
        foreach (var key in _keyHashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
