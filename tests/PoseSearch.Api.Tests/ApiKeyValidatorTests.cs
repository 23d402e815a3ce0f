using Microsoft.Extensions.Options;
using PoseSearch.Api.Security;
using PoseSearch.Api.Startup;

namespace PoseSearch.Api.Tests;

public sealed class ApiKeyValidatorTests
{
    private static ApiKeyValidator Validator(params string[] keys) =>
        new(Options.Create(new PoseSearchOptions { ApiKeys = [.. keys] }));

    [Fact]
    public void Any_configured_key_is_accepted_and_nothing_else()
    {
        var validator = Validator("first-key-0123456789", "second-key-0123456789");
        Assert.True(validator.IsValid("first-key-0123456789"));
        Assert.True(validator.IsValid("second-key-0123456789"));
        Assert.False(validator.IsValid("first-key-012345678"));
        Assert.False(validator.IsValid("first-key-0123456789 "));
        Assert.False(validator.IsValid("FIRST-KEY-0123456789"));
        Assert.False(validator.IsValid(""));
        Assert.False(validator.IsValid(null));
    }

    [Fact]
    public void With_no_keys_configured_nothing_is_accepted()
    {
        Assert.False(Validator().IsValid("anything-at-all-0123"));
    }
}
