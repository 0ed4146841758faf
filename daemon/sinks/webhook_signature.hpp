// How a webhook request proves where it came from: an HMAC-SHA256, keyed with a secret both
// sides hold, over "<unix seconds>.<body>", sent as `X-Phi-Signature: t=<seconds>,v1=<hex>`.
// The receiver recomputes it, compares in constant time and refuses a timestamp outside its
// window (a replay); the same scheme as Stripe's and Slack's request signing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phi {

inline constexpr char kWebhookSignatureHeader[] = "X-Phi-Signature";
// "<first record position>-<last record position>": lets a receiver drop a batch it already has.
inline constexpr char kWebhookDeliveryHeader[] = "X-Phi-Delivery";

// HMAC-SHA256 of `message` under `key`, as 64 lower-case hex digits ("" only if OpenSSL
// cannot compute SHA-256 at all).
std::string HmacSha256Hex(std::string_view key, std::string_view message);

// The X-Phi-Signature value for `body` sent at `unix_seconds`: "t=<seconds>,v1=<hex>"
// ("" when HmacSha256Hex fails).
std::string WebhookSignature(std::string_view key, int64_t unix_seconds, std::string_view body);

}  // namespace phi
