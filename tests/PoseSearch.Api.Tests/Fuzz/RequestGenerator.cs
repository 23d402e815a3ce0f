using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PoseSearch.Api.Tests.Fuzz;

/// <summary>
/// Seeded generator of hostile requests for every endpoint: valid requests mutated (wrong types,
/// non-finite numbers, NUL and control characters, unpaired surrogates, very long strings, deep
/// nesting, huge batches, missing and duplicated members), truncated and malformed JSON, invalid
/// UTF-8, wrong content types and methods, hostile collection names and pose ids in the path,
/// and oversize bodies. The same seed gives the same requests.
/// </summary>
public sealed class RequestGenerator(int seed, string apiKey, string protectedCollection, string scratchCollection)
{
    private const string Surrogate = "@@SURROGATE@@";
    private const string RawNul = "@@RAWNUL@@";

    private readonly Random _random = new(seed);

    private static readonly float[] StandingXy =
        [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430];

    private static readonly string[] HostileSegments =
    [
        "..", ".", "%2E%2E", "%2e", ".%2E", "%00", "a%00b", "%01", "%0D%0ASet-Cookie:%20x=1", "%2F", "a%2Fb", "%252F", "%25", "%",
        "%ff", "%ED%A0%80", "%F0%9F%92%A5", "con", "nul", "'", "%22", "%3Cscript%3E", "a;b", "a,b", "%20", "+", "~", "-", "_x",
        "DROP%20TABLE%20poses", "' OR '1'='1", "%5C..%5C", "..%5C..%5C", "x" + new string('y', 300), new string('a', 5000), "%E2%80%AE", "%C0%AE%C0%AE",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/problem+json", "*/*", "",
    ];

    private static readonly string[] Methods = ["PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO"];

    public FuzzRequest Next()
    {
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.45 => MutatedBody(),
            < 0.55 => MalformedBody(),
            < 0.70 => HostilePath(),
            < 0.77 => WrongContentType(),
            < 0.82 => WrongMethod(),
            < 0.86 => Oversize(),
            < 0.90 => DeepNesting(),
            _ => ValidRequest(),
        };
    }

    // --- building blocks ------------------------------------------------------------------------

    private JsonObject Pose()
    {
        var keypoints = new JsonArray();
        for (var j = 0; j < 13; j++)
        {
            keypoints.Add(new JsonObject { ["x"] = StandingXy[2 * j] + _random.Next(-5, 6), ["y"] = StandingXy[2 * j + 1] + _random.Next(-5, 6), ["confidence"] = 0.9 });
        }

        return new JsonObject { ["layout"] = "model13", ["keypoints"] = keypoints };
    }

    private string Id() => "fz" + _random.Next(0, 1_000_000).ToString(CultureInfo.InvariantCulture);

    /// <summary>A valid request of a random endpoint (method, target, body, whether it writes).</summary>
    private (string Kind, string Method, string Target, JsonNode? Body, bool Writes) Valid()
    {
        var readName = _random.Next(3) == 0 ? scratchCollection : protectedCollection;
        switch (_random.Next(12))
        {
            case 0: return ("embeddings", "POST", "/v1/embeddings", new JsonObject { ["poses"] = new JsonArray(Pose(), Pose()) }, false);
            case 1: return ("match", "POST", "/v1/match", new JsonObject { ["a"] = Pose(), ["b"] = Pose() }, false);
            case 2 or 3:
                return ("search", "POST", $"/v1/collections/{readName}/search", new JsonObject
                {
                    ["pose"] = Pose(), ["k"] = 5, ["minProbability"] = 0.0,
                    ["filter"] = new JsonObject { ["videoId"] = "v1", ["person"] = 0, ["extra"] = new JsonObject { ["camera"] = "front" } },
                }, false);
            case 4:
                return ("ingest", "POST", $"/v1/collections/{scratchCollection}/poses", new JsonObject
                {
                    ["poses"] = new JsonArray(new JsonObject
                    {
                        ["id"] = Id(), ["pose"] = Pose(),
                        ["metadata"] = new JsonObject { ["videoId"] = "v1", ["frame"] = 3, ["timestamp"] = 0.1, ["person"] = 0, ["extra"] = new JsonObject { ["k"] = "v" } },
                    }),
                }, true);
            case 5: return ("create", "POST", "/v1/collections", new JsonObject { ["name"] = Id(), ["description"] = "fuzz" }, true);
            case 6: return ("list", "GET", "/v1/collections", null, false);
            case 7: return ("get-collection", "GET", $"/v1/collections/{readName}", null, false);
            case 8: return ("get-pose", "GET", $"/v1/collections/{readName}/poses/{(_random.Next(2) == 0 ? "p0" : Id())}", null, false);
            case 9: return ("delete-pose", "DELETE", $"/v1/collections/{scratchCollection}/poses/{Id()}", null, true);
            case 10: return ("model", "GET", "/v1/model", null, false);
            default: return ("health", "GET", _random.Next(2) == 0 ? "/health/ready" : "/health/live", null, false);
        }
    }

    /// <summary>The key: none, wrong, or the valid one (never for a write that could reach the protected collection).</summary>
    private string? Key(bool writes, string target)
    {
        var roll = _random.Next(4);
        if (roll == 0)
        {
            return null;
        }

        if (roll == 1)
        {
            return _random.Next(2) == 0 ? "wrong-key-0123456789abcdef" : new string('k', _random.Next(1, 3000));
        }

        return writes && target.Contains(protectedCollection, StringComparison.Ordinal) ? "wrong-key-0123456789abcdef" : apiKey;
    }

    private FuzzRequest Build(string kind, string method, string target, string? body, string? contentType, bool writes)
    {
        var bytes = body is null ? [] : Encode(body);
        return new FuzzRequest(kind, method, target, bytes, body is null ? null : contentType, Key(writes, target));
    }

    private static byte[] Encode(string json)
    {
        // Placeholders become what a serializer refuses to write: an unpaired surrogate escape and raw NUL / invalid UTF-8.
        var text = json.Replace("\"" + Surrogate + "\"", "\"a\\ud800b\"", StringComparison.Ordinal)
            .Replace(Surrogate, "\\udc00", StringComparison.Ordinal);
        var parts = text.Split(RawNul);
        var bytes = new List<byte>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                bytes.AddRange(new byte[] { 0x00, 0xFF, 0xC0, 0xAE });
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(parts[i]));
        }

        return [.. bytes];
    }

    // --- hostile values -------------------------------------------------------------------------

    private JsonNode? HostileValue() => _random.Next(30) switch
    {
        0 => null,
        1 => true,
        2 => "",
        3 => "NaN",
        4 => "Infinity",
        5 => "-Infinity",
        6 => JsonValue.Create(double.MaxValue),
        7 => -1,
        8 => 0,
        9 => 2147483648L,
        10 => "\u0000",
        11 => "a\u0000b",
        12 => "\u0001\u0002\u001f\u007f",
        13 => "line\nbreak\r\ttab",
        14 => Surrogate,
        15 => new string('x', _random.Next(1000, 200_000)),
        16 => "\U0001F4A5 \u202E rtl",
        17 => "'; DROP TABLE poses; --",
        18 => "../../etc/passwd",
        19 => "%2e%2e%2f",
        20 => "<script>alert(1)</script>",
        21 => new JsonObject(),
        22 => new JsonArray(),
        23 => new JsonArray(1, "two", null, new JsonObject { ["\u0000"] = 1 }),
        24 => new JsonObject { ["a\u0000"] = "b", ["n"] = JsonValue.Create(1e308), ["s"] = Surrogate },
        25 => 1e-320,
        26 => -0.0,
        27 => 12345678901234567890.0,
        28 => "1e999",
        _ => JsonValue.Create(_random.NextDouble() * 1e6),
    };

    private FuzzRequest MutatedBody()
    {
        var (kind, method, target, body, writes) = Valid();
        if (body is null)
        {
            return ValidRequest();
        }

        var mutations = _random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(body);
        }

        return Build("mutated-" + kind, method, target, body.ToJsonString(), "application/json", writes);
    }

    private void Mutate(JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[_random.Next(nodes.Count)];
        var parent = node.Parent;
        switch (_random.Next(6))
        {
            case 0 or 1 or 2 when parent is JsonObject po:
                po[node.GetPropertyName()] = HostileValue();
                break;
            case 0 or 1 or 2 when parent is JsonArray pa:
                pa[node.GetElementIndex()] = HostileValue();
                break;
            case 3 when parent is JsonObject po:
                po.Remove(node.GetPropertyName());
                break;
            case 4 when node is JsonArray array && array.Count > 0:
                // A huge batch: the array repeated (keypoints x1000, poses past the limit).
                var copies = _random.Next(2) == 0 ? _random.Next(2, 40) : _random.Next(200, 3000);
                var first = array[0]?.ToJsonString();
                for (var i = 0; i < copies && first is not null; i++)
                {
                    array.Add(JsonNode.Parse(first));
                }

                break;
            case 5 when node is JsonObject obj:
                obj[_random.Next(2) == 0 ? "unknownMember" : "\u0000"] = HostileValue();
                break;
            default:
                if (parent is JsonObject o)
                {
                    o[node.GetPropertyName()] = HostileValue();
                }

                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList())
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a.ToList())
                {
                    if (child is not null)
                    {
                        Collect(child, nodes);
                    }
                }

                break;
        }
    }

    private FuzzRequest MalformedBody()
    {
        var (kind, method, target, body, writes) = Valid();
        var json = body?.ToJsonString() ?? "{}";
        var text = _random.Next(6) switch
        {
            0 => json[.._random.Next(json.Length)],                           // truncated
            1 => json.Insert(_random.Next(json.Length), ",,"),               // stray commas
            2 => json.Replace("\"", "'", StringComparison.Ordinal),          // single quotes
            3 => json.Insert(_random.Next(json.Length), RawNul),             // raw NUL and invalid UTF-8
            4 => json + json,                                                // two documents
            _ => "{\"poses\": [" + string.Join(',', Enumerable.Repeat("{}", _random.Next(1, 100_000))) + "]}",
        };
        return Build("malformed-" + kind, method == "GET" || method == "DELETE" ? "POST" : method, target, text, "application/json", writes);
    }

    private FuzzRequest HostilePath()
    {
        var segment = HostileSegments[_random.Next(HostileSegments.Length)];
        var other = HostileSegments[_random.Next(HostileSegments.Length)];
        var (kind, method, target, body) = _random.Next(8) switch
        {
            0 => ("path-get-collection", "GET", $"/v1/collections/{segment}", (JsonNode?)null),
            1 => ("path-delete-collection", "DELETE", $"/v1/collections/{segment}", null),
            2 => ("path-get-pose", "GET", $"/v1/collections/{protectedCollection}/poses/{segment}", null),
            3 => ("path-delete-pose", "DELETE", $"/v1/collections/{(_random.Next(2) == 0 ? protectedCollection : segment)}/poses/{segment}/{other}", null),
            4 => ("path-search", "POST", $"/v1/collections/{segment}/search", new JsonObject { ["pose"] = Pose() }),
            5 => ("path-ingest", "POST", $"/v1/collections/{segment}/poses", new JsonObject { ["poses"] = new JsonArray(new JsonObject { ["id"] = Id(), ["pose"] = Pose() }) }),
            6 => ("path-query", "GET", $"/v1/collections?{segment}={other}", null),
            _ => ("path-random", _random.Next(2) == 0 ? "GET" : "POST", $"/{segment}/{other}/../v1/model", null),
        };
        // Hostile paths never carry the valid key into a write that could reach the protected collection.
        var writes = method is "DELETE" || kind == "path-ingest";
        return Build(kind, method, target, body?.ToJsonString(), "application/json", writes);
    }

    private FuzzRequest WrongContentType()
    {
        var (kind, method, target, body, writes) = Valid();
        if (body is null)
        {
            body = new JsonObject { ["x"] = 1 };
            method = "POST";
        }

        var contentType = ContentTypes[_random.Next(ContentTypes.Length)];
        return Build("content-type-" + kind, method, target, body.ToJsonString(), contentType.Length == 0 ? null : contentType, writes);
    }

    private FuzzRequest WrongMethod()
    {
        var (kind, _, target, body, writes) = Valid();
        return Build("method-" + kind, Methods[_random.Next(Methods.Length)], target, body?.ToJsonString(), "application/json", writes);
    }

    private FuzzRequest Oversize()
    {
        var (kind, method, target, body, writes) = Valid();
        var size = _random.Next(2) == 0 ? _random.Next(70_000, 200_000) : _random.Next(1_000_000, 3_000_000);
        var text = "{\"padding\":\"" + new string('x', size) + "\"," + (body?.ToJsonString() ?? "{}")[1..];
        return Build("oversize-" + kind, method is "GET" or "DELETE" ? "POST" : method, target, text, "application/json", writes);
    }

    private FuzzRequest DeepNesting()
    {
        var (kind, method, target, _, writes) = Valid();
        var depth = _random.Next(65, 20_000);
        var text = _random.Next(2) == 0
            ? "{\"poses\":" + new string('[', depth) + new string(']', depth) + "}"
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        return Build("nesting-" + kind, method is "GET" or "DELETE" ? "POST" : method, target, text, "application/json", writes);
    }

    private FuzzRequest ValidRequest()
    {
        var (kind, method, target, body, writes) = Valid();
        return Build("valid-" + kind, method, target, body?.ToJsonString(), "application/json", writes);
    }
}
