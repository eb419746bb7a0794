using Ledger.Api.Idempotency;
using Microsoft.AspNetCore.Http;

namespace Ledger.Api.Tests;

/// <summary>
/// Ids a request mints fresh are known not to be in the log, so a command on a trimmed conversation does not look
/// them up; ids derived from an Idempotency-Key (a retry may have stored them) and ids a client sent are not fresh.
/// </summary>
public sealed class RequestIdsTests
{
    [Fact]
    public void An_id_minted_without_an_idempotency_key_is_fresh_in_its_own_request_only()
    {
        var request = new DefaultHttpContext();
        var minted = RequestIds.For(request, "interaction:0");

        RequestIds.IsFresh(request, minted).ShouldBeTrue();
        RequestIds.IsFresh(request, Guid.NewGuid()).ShouldBeFalse("a client-supplied id may name anything");
        RequestIds.IsFresh(new DefaultHttpContext(), minted).ShouldBeFalse();
    }

    [Fact]
    public void An_id_derived_from_an_idempotency_key_is_not_fresh_and_is_the_same_on_a_retry()
    {
        var first = new DefaultHttpContext { Items = { [RequestIds.ItemKey] = "key-1:abc" } };
        var retry = new DefaultHttpContext { Items = { [RequestIds.ItemKey] = "key-1:abc" } };

        var id = RequestIds.For(first, "interaction:0");

        RequestIds.For(retry, "interaction:0").ShouldBe(id);
        RequestIds.IsFresh(first, id).ShouldBeFalse("a retry whose first attempt was stored derives the same id");
    }
}
