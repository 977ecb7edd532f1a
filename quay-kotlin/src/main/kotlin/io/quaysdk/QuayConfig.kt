package io.quaysdk

import kotlin.time.Duration
import kotlin.time.DurationUnit
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * A client's configuration, with the keys of every language's binding. Every field is optional;
 * with [fromEnv] the SDK's environment variables (`QUAY_REGISTRY`, `QUAY_TOKEN`, `QUAY_CA_BUNDLE`,
 * `QUAY_TOKEN_KIND`)
 * fill what is not given. Its `toString` never shows the token.
 *
 * @property registry a host (https assumed) or a URL.
 * @property token the OAuth bearer token.
 * @property tokenKind what [token] is: `"oauth"` (an OAuth token, the default when null) or `"app"`
 *   (an app-specific token). Registry (`/v2`) operations such as getReferrers exchange it at
 *   `/v2/auth` for a registry token, as the password of `$oauthtoken` or `$app`.
 * @property caBundle a PEM file of extra trusted certificates, on top of the system's.
 * @property verifyTls `false` turns TLS verification off (test registries only).
 * @property timeout bounds a whole request (60 s by default).
 * @property connectTimeout bounds connecting (10 s by default).
 * @property retries retries after a failed attempt (the default policy, 3 with backoff, when null;
 *   0 turns retrying off).
 * @property userAgent the `User-Agent` header.
 * @property fromEnv read the SDK's environment variables for what is not given.
 */
public data class QuayConfig(
    val registry: String? = null,
    val token: String? = null,
    val tokenKind: String? = null,
    val caBundle: String? = null,
    val verifyTls: Boolean = true,
    val timeout: Duration? = null,
    val connectTimeout: Duration? = null,
    val retries: Int? = null,
    val userAgent: String? = null,
    val fromEnv: Boolean = false,
) {
    /** The configuration with the token redacted. */
    override fun toString(): String =
        "QuayConfig(registry=$registry, token=${if (token == null) "null" else "<redacted>"}, tokenKind=$tokenKind, " +
            "caBundle=$caBundle, " +
            "verifyTls=$verifyTls, timeout=$timeout, connectTimeout=$connectTimeout, retries=$retries, " +
            "userAgent=$userAgent, fromEnv=$fromEnv)"

    /** The configuration as the JSON every binding takes. */
    internal fun toJson(): String =
        buildJsonObject {
            registry?.let { put("registry", it) }
            token?.let { put("token", it) }
            tokenKind?.let { put("token_kind", it) }
            caBundle?.let { put("ca_bundle", it) }
            if (!verifyTls) put("verify_tls", false)
            timeout?.let { put("timeout", it.toDouble(DurationUnit.SECONDS)) }
            connectTimeout?.let { put("connect_timeout", it.toDouble(DurationUnit.SECONDS)) }
            retries?.let { put("retries", it) }
            userAgent?.let { put("user_agent", it) }
            if (fromEnv) put("from_env", true)
        }.toString()
}
