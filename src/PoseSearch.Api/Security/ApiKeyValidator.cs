using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Startup;

namespace PoseSearch.Api.Security;

/// <summary>
/// Checks a presented API key against the configured ones in constant time. Only SHA-256 hashes
/// of the configured keys are kept; both sides are hashed first so that the comparison length
/// does not depend on the key either, and every configured key is compared (no early exit).
/// A matched key is known by its key id ("key-" + the first 8 hex digits of its hash), which
/// is what logs, audit lines and rate-limit partitions use: never the key itself.
/// </summary>
public sealed class ApiKeyValidator(IOptions<PoseSearchOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[][] _keyHashes = options.Value.ApiKeys.Select(Hash).ToArray();

    public bool IsValid(string? presented) => TryValidate(presented, out _);

    /// <summary>True when <paramref name="presented"/> is a configured key; <paramref name="keyId"/> then names it.</summary>
    public bool TryValidate(string? presented, out string keyId)
    {
        keyId = "";
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var hash = Hash(presented);
        byte[]? matched = null;
        foreach (var key in _keyHashes)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key))
            {
                matched = key;
            }
        }

        if (matched is null)
        {
            return false;
        }

        keyId = KeyId(matched);
        return true;
    }

    /// <summary>The public name of a key: "key-" and the first 8 hex digits of its SHA-256.</summary>
    public static string KeyIdOf(string key) => KeyId(Hash(key));

    private static string KeyId(byte[] hash) => "key-" + Convert.ToHexStringLower(hash, 0, 4);

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
