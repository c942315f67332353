package dev.mailroom.smtp;

import dev.mailroom.sasl.MechanismFilter;
import dev.mailroom.sasl.SaslPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a session and a client need to know, with Postfix 3.7's defaults under the
 * parameter names in each accessor's description. Immutable; derive changed copies with
 * {@link #toBuilder()}.
 *
 * @param protocol SMTP or LMTP
 * @param heloName {@code smtp_helo_name} (default: this host's name); checked as it would go on
 *        the wire (no CR, LF, NUL, space or non-ASCII: {@link UnsafeCommandException})
 * @param timeouts the {@code smtp_*_timeout} limits
 * @param skip5xxGreeting {@code smtp_skip_5xx_greeting} (yes): a 5xx greeting is treated as 4xx
 * @param tlsPolicy {@code smtp_tls_security_level} and its attributes (default none, as 3.7)
 * @param tlsFiles CA and client certificate files
 * @param wrapperMode {@code smtp_tls_wrappermode} (no): TLS from the first byte (SMTPS, port 465);
 *        requires a level of encrypt or stronger
 * @param authentication credentials; empty: no AUTH ({@code smtp_sasl_auth_enable = no})
 * @param saslPolicy mechanism filter and security options; the default allows PLAIN and LOGIN
 *        over TLS only (decision 0063); {@link SaslPolicy#POSTFIX_DEFAULTS} is Postfix's
 * @param authWithoutTls whether credentials may be sent on a connection without TLS (default
 *        false: the session fails with a deferral instead, so no AUTH goes out in clear)
 * @param replyLimits reply line and size limits
 * @param pipelining whether RFC 2920 pipelining is used when offered (yes)
 * @param chunking whether BDAT (RFC 3030) is used when offered (yes; Postfix 3.7 never sends BDAT)
 * @param chunkSize BDAT chunk size in octets (64 KiB)
 * @param mxAddressLimit {@code smtp_mx_address_limit} (5; 0 = no limit)
 * @param mxSessionLimit {@code smtp_mx_session_limit} (2; 0 = no limit)
 * @param fallbackRelays {@code smtp_fallback_relay} (empty)
 * @param connectionReuseTimeLimit {@code smtp_connection_reuse_time_limit} (300 s)
 * @param connectionReuseCountLimit {@code smtp_connection_reuse_count_limit} (0 = no limit)
 * @param connectionCacheTimeLimit {@code smtp_connection_cache_time_limit} (2 s): how long an idle
 *        connection stays in the cache; Duration.ZERO turns the cache off
 * @param livenessCheckAfter a cached connection idle longer than this is checked with RSET before
 *        reuse (1 s)
 */
public record SmtpOptions(Protocol protocol, String heloName, SmtpTimeouts timeouts, boolean skip5xxGreeting,
        TlsPolicy tlsPolicy, TlsFiles tlsFiles, boolean wrapperMode, Optional<Authentication> authentication,
        SaslPolicy saslPolicy, boolean authWithoutTls, ReplyLimits replyLimits, boolean pipelining,
        boolean chunking, int chunkSize, int mxAddressLimit, int mxSessionLimit, List<String> fallbackRelays,
        Duration connectionReuseTimeLimit, int connectionReuseCountLimit, Duration connectionCacheTimeLimit,
        Duration livenessCheckAfter) {

    /** Over TLS, PLAIN and LOGIN are allowed; over plaintext they are not (decision 0063). */
    public static final SaslPolicy API_SASL_POLICY = SaslPolicy.fromParameters(MechanismFilter.NONE,
            "noplaintext, noanonymous", "noanonymous", "noanonymous");

    /** Checks. */
    public SmtpOptions {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(heloName, "heloName");
        // refuses CR, LF, NUL, spaces and non-ASCII (UnsafeCommandException) before any connection
        dev.mailroom.smtp.internal.SmtpCommands.ehlo(heloName);
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(tlsPolicy, "tlsPolicy");
        Objects.requireNonNull(tlsFiles, "tlsFiles");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(saslPolicy, "saslPolicy");
        Objects.requireNonNull(replyLimits, "replyLimits");
        if (chunkSize < 16) {
            throw new IllegalArgumentException("chunkSize must be at least 16: " + chunkSize);
        }
        if (mxAddressLimit < 0 || mxSessionLimit < 0 || connectionReuseCountLimit < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        fallbackRelays = List.copyOf(fallbackRelays);
        Objects.requireNonNull(connectionReuseTimeLimit, "connectionReuseTimeLimit");
        Objects.requireNonNull(connectionCacheTimeLimit, "connectionCacheTimeLimit");
        Objects.requireNonNull(livenessCheckAfter, "livenessCheckAfter");
    }

    /** @return SMTP defaults */
    public static SmtpOptions defaults() {
        return builder().build();
    }

    /** @return a builder with SMTP defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder with LMTP defaults ({@code lmtp_*} parameters) */
    public static Builder lmtp() {
        return new Builder().protocol(Protocol.LMTP).timeouts(SmtpTimeouts.LMTP_DEFAULTS);
    }

    /** @return a builder holding these values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.protocol = protocol;
        b.heloName = heloName;
        b.timeouts = timeouts;
        b.skip5xxGreeting = skip5xxGreeting;
        b.tlsPolicy = tlsPolicy;
        b.tlsFiles = tlsFiles;
        b.wrapperMode = wrapperMode;
        b.authentication = authentication;
        b.saslPolicy = saslPolicy;
        b.authWithoutTls = authWithoutTls;
        b.replyLimits = replyLimits;
        b.pipelining = pipelining;
        b.chunking = chunking;
        b.chunkSize = chunkSize;
        b.mxAddressLimit = mxAddressLimit;
        b.mxSessionLimit = mxSessionLimit;
        b.fallbackRelays = fallbackRelays;
        b.connectionReuseTimeLimit = connectionReuseTimeLimit;
        b.connectionReuseCountLimit = connectionReuseCountLimit;
        b.connectionCacheTimeLimit = connectionCacheTimeLimit;
        b.livenessCheckAfter = livenessCheckAfter;
        return b;
    }

    @Override
    public String toString() {
        return "SmtpOptions[" + protocol + ", helo=" + heloName + ", tls=" + tlsPolicy.level()
                + (wrapperMode ? " wrappermode" : "") + ", auth=" + authentication.map(Authentication::identity)
                        .orElse("none") + "]";
    }

    /** Builds {@link SmtpOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private Protocol protocol = Protocol.SMTP;
        private String heloName = localHostName();
        private SmtpTimeouts timeouts = SmtpTimeouts.SMTP_DEFAULTS;
        private boolean skip5xxGreeting = true;
        private TlsPolicy tlsPolicy = TlsPolicy.NONE;
        private TlsFiles tlsFiles = TlsFiles.DEFAULTS;
        private boolean wrapperMode;
        private Optional<Authentication> authentication = Optional.empty();
        private SaslPolicy saslPolicy = API_SASL_POLICY;
        private boolean authWithoutTls;
        private ReplyLimits replyLimits = ReplyLimits.DEFAULT;
        private boolean pipelining = true;
        private boolean chunking = true;
        private int chunkSize = 64 * 1024;
        private int mxAddressLimit = 5;
        private int mxSessionLimit = 2;
        private List<String> fallbackRelays = List.of();
        private Duration connectionReuseTimeLimit = Duration.ofSeconds(300);
        private int connectionReuseCountLimit;
        private Duration connectionCacheTimeLimit = Duration.ofSeconds(2);
        private Duration livenessCheckAfter = Duration.ofSeconds(1);

        private Builder() {
        }

        private static String localHostName() {
            try {
                String n = java.net.InetAddress.getLocalHost().getHostName();
                dev.mailroom.smtp.internal.SmtpCommands.ehlo(n);
                return n;
            } catch (java.io.IOException | IllegalArgumentException e) {
                return "localhost";
            }
        }

        /** @return this; see {@link SmtpOptions#protocol()} */
        public Builder protocol(Protocol v) {
            protocol = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#heloName()} */
        public Builder heloName(String v) {
            heloName = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#timeouts()} */
        public Builder timeouts(SmtpTimeouts v) {
            timeouts = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#skip5xxGreeting()} */
        public Builder skip5xxGreeting(boolean v) {
            skip5xxGreeting = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#tlsPolicy()} */
        public Builder tlsPolicy(TlsPolicy v) {
            tlsPolicy = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; shorthand for {@code tlsPolicy(TlsPolicy.of(level))} */
        public Builder tlsLevel(TlsLevel level) {
            return tlsPolicy(TlsPolicy.of(level));
        }

        /** @return this; see {@link SmtpOptions#tlsFiles()} */
        public Builder tlsFiles(TlsFiles v) {
            tlsFiles = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#wrapperMode()} */
        public Builder wrapperMode(boolean v) {
            wrapperMode = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#authentication()} */
        public Builder authentication(Authentication v) {
            authentication = Optional.of(v);
            return this;
        }

        /** @return this; no authentication */
        public Builder noAuthentication() {
            authentication = Optional.empty();
            return this;
        }

        /** @return this; see {@link SmtpOptions#saslPolicy()} */
        public Builder saslPolicy(SaslPolicy v) {
            saslPolicy = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#authWithoutTls()} */
        public Builder authWithoutTls(boolean v) {
            authWithoutTls = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#replyLimits()} */
        public Builder replyLimits(ReplyLimits v) {
            replyLimits = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#pipelining()} */
        public Builder pipelining(boolean v) {
            pipelining = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#chunking()} */
        public Builder chunking(boolean v) {
            chunking = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#chunkSize()} */
        public Builder chunkSize(int v) {
            if (v < 16) {
                throw new IllegalArgumentException("chunkSize must be at least 16: " + v);
            }
            chunkSize = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#mxAddressLimit()} */
        public Builder mxAddressLimit(int v) {
            mxAddressLimit = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#mxSessionLimit()} */
        public Builder mxSessionLimit(int v) {
            mxSessionLimit = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#fallbackRelays()} */
        public Builder fallbackRelays(List<String> v) {
            fallbackRelays = List.copyOf(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#connectionReuseTimeLimit()} */
        public Builder connectionReuseTimeLimit(Duration v) {
            connectionReuseTimeLimit = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#connectionReuseCountLimit()} */
        public Builder connectionReuseCountLimit(int v) {
            connectionReuseCountLimit = v;
            return this;
        }

        /** @return this; see {@link SmtpOptions#connectionCacheTimeLimit()} */
        public Builder connectionCacheTimeLimit(Duration v) {
            connectionCacheTimeLimit = Objects.requireNonNull(v);
            return this;
        }

        /** @return this; see {@link SmtpOptions#livenessCheckAfter()} */
        public Builder livenessCheckAfter(Duration v) {
            livenessCheckAfter = Objects.requireNonNull(v);
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException when a value is out of range
         */
        public SmtpOptions build() {
            return new SmtpOptions(protocol, heloName, timeouts, skip5xxGreeting, tlsPolicy, tlsFiles, wrapperMode,
                    authentication, saslPolicy, authWithoutTls, replyLimits, pipelining, chunking, chunkSize,
                    mxAddressLimit, mxSessionLimit, fallbackRelays, connectionReuseTimeLimit,
                    connectionReuseCountLimit, connectionCacheTimeLimit, livenessCheckAfter);
        }
    }
}
