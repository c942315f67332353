package dev.mailroom.resolve.internal;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.internal.ListSplitter;
import dev.mailroom.resolve.Destination;
import dev.mailroom.resolve.Resolution;
import dev.mailroom.resolve.Resolved;
import dev.mailroom.resolve.Rewrite;
import dev.mailroom.resolve.Step;
import dev.mailroom.resolve.UserDatabase;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.internal.LookupClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resolution engine behind {@link dev.mailroom.resolve.Resolver}: Postfix 3.7's cleanup
 * (canonical, virtual), trivial-rewrite (class, transport) and local(8) (aliases, .forward,
 * mailbox) decisions. Immutable after construction; thread-safe as its tables are.
 */
public final class Engine {

    private static final System.Logger LOG = System.getLogger(Engine.class.getName());
    private static final int CANONICAL_ROUNDS = 10;
    private static final int LOCAL_LEVEL_LIMIT = 100;
    /**
     * Forwarded copies one resolution may make in all: a guard of mailroom's own against
     * forwarding loops that fan out (Postfix would work through them over hours).
     */
    private static final int FORWARD_COPY_LIMIT = 10_000;
    private static final java.util.regex.Pattern STATUS_PREFIX =
            java.util.regex.Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\s*");

    private final MainConfig cfg;
    private final boolean explain;
    private final TableOptions tableOptions;
    /** :include: files (symbolic links followed, as local(8)'s stat and open do). */
    private final LocalFiles files;
    /** .forward files (a symbolic link is found but is no regular file, as local(8)'s lstat sees it). */
    private final LocalFiles forwardFiles;
    private final UserDatabase users;
    private final Map<String, Maps.Entry> opened = new HashMap<>();
    private final Map<String, String> sources = new java.util.concurrent.ConcurrentHashMap<>();

    private final String myorigin;
    private final String mydomain;
    private final String delimiters;
    private final boolean ownerRequestSpecial;
    private final String doubleBounce;
    private final boolean appendAtMyorigin;
    private final boolean appendDotMydomain;
    private final boolean percentHack;
    private final boolean swapBangpath;
    private final String emptyRecipient;
    private final Maps canonical;
    private final Maps senderCanonical;
    private final Maps recipientCanonical;
    private final boolean canonicalRecipients;
    private final boolean canonicalSenders;
    private final boolean senderCanonicalOn;
    private final boolean recipientCanonicalOn;
    /** Whether a sender meets any canonical table. */
    private final boolean senderMapsOn;
    /** Whether a recipient meets any canonical table. */
    private final boolean recipientMapsOn;
    /** Parsed table results of fixed tables ({@link Value}), by value. */
    private final Map<String, Value> parsedValues = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last sender without canonical maps and its canonical form. */
    private volatile String[] lastSender;
    /** The settings {@link Addr} derives its forms with. */
    private final Addr.Rules rules;
    /** Whether mydestination has no tables: its answer for a domain can be kept with the address. */
    private final boolean mydestinationFixed;
    private final String spoolPrefix;
    private final String spoolSuffix;
    private final Maps virtualAlias;
    private final int expansionLimit;
    private final int recursionLimit;
    private final int addressLengthLimit;
    private final Set<String> propagate;
    private final DomainList mydestination;
    private final Set<String> interfaceLiterals;
    private final DomainList virtualAliasDomains;
    private final DomainList virtualMailboxDomains;
    private final DomainList relayDomains;
    private final Maps virtualMailbox;
    private final String virtualMailboxBase;
    private final Maps localRecipient;
    private final Maps aliases;
    private final List<LocalExpander> forwardPath;
    /**
     * Whether, for a recipient without an extension, forward_path expands to the same paths for
     * every address of one account (it names only account attributes).
     */
    private final boolean forwardPathPerAccount;
    /**
     * Per forward_path entry: it names only the account's user, home and shell, so a recipient
     * with an extension gets the path the account has without one.
     */
    private final boolean[] forwardPathAccountOnly;
    /** What local(8) derives from an account, by account name. */
    private final Map<String, Account> accounts = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * What local(8) derives from one account and the fixed settings: its forward_path entries
     * for recipients without an extension (null: forward_path depends on more than the account;
     * a null entry: a skipped one), its mailbox path, and until when none of those
     * {@code .forward} files existed as {@link LocalFiles} last saw them.
     */
    private static final class Account {
        final UserDatabase.User user;
        final String[] paths;
        private String mailboxPath;
        /**
         * {@link System#nanoTime()} before which every path is known to be missing (each
         * one's last examination is younger than the check interval); 0 and older: ask
         * {@link LocalFiles}.
         */
        private volatile long noForwardUntil;
        private volatile boolean noForwardKnown;

        Account(UserDatabase.User user, String[] paths) {
            this.user = user;
            this.paths = paths;
        }

        boolean noForward(long now) {
            return noForwardKnown && now - noForwardUntil < 0;
        }
    }
    private final Set<String> commandsFrom;
    private final Set<String> filesFrom;
    private final String luserRelay;
    private final LocalExpander luserRelayTemplate;
    private final String spool;
    private final String homeMailbox;
    private final String mailboxCommand;
    private final Maps mailboxCommandMaps;
    private final String mailboxTransport;
    private final Maps mailboxTransportMaps;
    private final boolean expandOwnerAlias;
    /** frozen_delivered_to: the Delivered-To of forwarded mail is the recipient local(8) was given. */
    private final boolean frozenDeliveredTo;
    /** hopcount_limit: the Received: headers a (forwarded) message may carry. */
    private final int hopcountLimit;
    private final Maps transport;
    private final boolean transportParents;
    private final String localTransport;
    private final String virtualTransport;
    private final String relayTransport;
    private final String defaultTransport;
    private final String relayhost;
    private final Maps senderRelayhost;
    private final Maps senderTransport;
    private final String nullRelayKey;
    private final String nullTransportKey;
    private final Maps relocated;
    private final Maps generic;
    private final String localClassText;
    /** Explanation sources used at every local delivery ({@link #source}). */
    private final String mydestinationSource;
    private final String mailboxSource;
    private final String virtualClassText;
    private final String localName;
    /** local_transport and virtual_transport parsed; an empty nexthop means the recipient domain. */
    private final Channel localChannel;
    private final Channel virtualChannel;
    private final String virtualName;

    /**
     * @param cfg the configuration
     * @param users the password database
     * @param facts the machine (local interface addresses for {@code inet_interfaces = all})
     * @param explain whether to record explanations
     * @param checkInterval how long a table file's or a {@code .forward} / {@code :include:}
     *     file's state is trusted before it is examined again
     */
    public Engine(MainConfig cfg, UserDatabase users, MachineFacts facts, boolean explain, Duration checkInterval) {
        this.cfg = cfg;
        this.explain = explain;
        this.tableOptions = TableOptions.builder().reloadCheckInterval(checkInterval).build();
        this.files = new LocalFiles(checkInterval, true);
        this.forwardFiles = new LocalFiles(checkInterval, false);
        this.users = users;
        myorigin = cfg.get("myorigin");
        mydomain = cfg.get("mydomain");
        delimiters = cfg.get("recipient_delimiter");
        ownerRequestSpecial = cfg.getBoolean("owner_request_special");
        doubleBounce = cfg.get("double_bounce_sender");
        rules = new Addr.Rules(delimiters, ownerRequestSpecial, doubleBounce, new Interner(512));
        appendAtMyorigin = cfg.getBoolean("append_at_myorigin");
        appendDotMydomain = cfg.getBoolean("append_dot_mydomain");
        percentHack = cfg.getBoolean("allow_percent_hack");
        swapBangpath = cfg.getBoolean("swap_bangpath");
        emptyRecipient = cfg.get("empty_address_recipient");
        canonical = maps("canonical_maps", tableOptions);
        senderCanonical = maps("sender_canonical_maps", tableOptions);
        recipientCanonical = maps("recipient_canonical_maps", tableOptions);
        List<String> classes = lower(cfg.getList("canonical_classes"));
        canonicalRecipients = classes.contains("envelope_recipient");
        canonicalSenders = classes.contains("envelope_sender");
        senderCanonicalOn = lower(cfg.getList("sender_canonical_classes")).contains("envelope_sender");
        recipientCanonicalOn = lower(cfg.getList("recipient_canonical_classes")).contains("envelope_recipient");
        senderMapsOn = (senderCanonicalOn && !senderCanonical.isEmpty()) || (canonicalSenders && !canonical.isEmpty());
        recipientMapsOn = (recipientCanonicalOn && !recipientCanonical.isEmpty())
                || (canonicalRecipients && !canonical.isEmpty());
        virtualAlias = maps("virtual_alias_maps", tableOptions);
        expansionLimit = cfg.getInt("virtual_alias_expansion_limit");
        recursionLimit = cfg.getInt("virtual_alias_recursion_limit");
        addressLengthLimit = cfg.getInt("virtual_alias_address_length_limit");
        propagate = new HashSet<>(lower(cfg.getList("propagate_unmatched_extensions")));
        Set<String> parents = new HashSet<>(lower(cfg.getList("parent_domain_matches_subdomains")));
        mydestination = domains("mydestination", parents);
        mydestinationFixed = mydestination.isFixed();
        interfaceLiterals = interfaceLiterals(facts);
        virtualAliasDomains = domains("virtual_alias_domains", parents);
        virtualMailboxDomains = domains("virtual_mailbox_domains", parents);
        relayDomains = domains("relay_domains", parents);
        virtualMailbox = maps("virtual_mailbox_maps", tableOptions);
        virtualMailboxBase = cfg.get("virtual_mailbox_base");
        localRecipient = maps("local_recipient_maps", tableOptions);
        aliases = maps("alias_maps", tableOptions.toBuilder().sourceFormat(SourceFormat.ALIASES).build());
        forwardPath = ListSplitter.split(cfg.rawOrDefault("forward_path").orElse("")).stream()
                .map(LocalExpander::compile).toList();
        Set<String> accountAttributes = Set.of("user", "home", "shell", "extension", "recipient_delimiter");
        forwardPathPerAccount = forwardPath.stream().allMatch(t -> t.dependsOnlyOn(accountAttributes));
        Set<String> accountOnly = Set.of("user", "home", "shell");
        forwardPathAccountOnly = new boolean[forwardPath.size()];
        for (int i = 0; i < forwardPathAccountOnly.length; i++) {
            forwardPathAccountOnly[i] = forwardPath.get(i).dependsOnlyOn(accountOnly);
        }
        commandsFrom = new HashSet<>(lower(cfg.getList("allow_mail_to_commands")));
        filesFrom = new HashSet<>(lower(cfg.getList("allow_mail_to_files")));
        luserRelay = cfg.rawOrDefault("luser_relay").orElse("").strip();
        luserRelayTemplate = LocalExpander.compile(luserRelay);
        spool = cfg.get("mail_spool_directory");
        spoolPrefix = spool.endsWith("/") ? spool : spool + "/";
        spoolSuffix = spool.endsWith("/") ? "/" : "";
        homeMailbox = cfg.get("home_mailbox");
        mailboxCommand = cfg.rawOrDefault("mailbox_command").orElse("").strip();
        mailboxCommandMaps = maps("mailbox_command_maps", tableOptions);
        mailboxTransport = cfg.get("mailbox_transport").strip();
        mailboxTransportMaps = maps("mailbox_transport_maps", tableOptions);
        expandOwnerAlias = cfg.getBoolean("expand_owner_alias");
        frozenDeliveredTo = cfg.getBoolean("frozen_delivered_to");
        hopcountLimit = cfg.getInt("hopcount_limit");
        transport = maps("transport_maps", tableOptions.toBuilder().regexSubstitution(false).build());
        transportParents = parents.contains("transport_maps");
        localTransport = cfg.get("local_transport").strip();
        virtualTransport = cfg.get("virtual_transport").strip();
        relayTransport = cfg.get("relay_transport").strip();
        defaultTransport = cfg.get("default_transport").strip();
        relayhost = cfg.get("relayhost").strip();
        senderRelayhost = maps("sender_dependent_relayhost_maps", tableOptions);
        senderTransport = maps("sender_dependent_default_transport_maps", tableOptions);
        nullRelayKey = cfg.get("empty_address_relayhost_maps_lookup_key");
        nullTransportKey = cfg.get("empty_address_default_transport_maps_lookup_key");
        relocated = maps("relocated_maps", tableOptions);
        generic = maps("smtp_generic_maps", tableOptions);
        localClassText = "local, " + source("local_transport") + " = " + localTransport;
        mydestinationSource = source("mydestination");
        mailboxSource = source(homeMailbox.isEmpty() ? "mail_spool_directory" : "home_mailbox");
        virtualClassText = "virtual mailbox, " + source("virtual_transport") + " = " + virtualTransport;
        localChannel = parseChannel(localTransport, "");
        virtualChannel = parseChannel(virtualTransport, "");
        localName = localChannel.transport();
        virtualName = virtualChannel.transport();
    }

    private static List<String> lower(List<String> in) {
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            out.add(s.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    // ------------------------------------------------------------------ tables and lists

    /**
     * Where a parameter is set, for explanations; computed once per parameter. Empty when
     * explanations are off (nothing reads it then).
     */
    private String source(String parameter) {
        if (!explain) {
            return "";
        }
        String s = sources.get(parameter);
        if (s == null) {
            s = cfg.line(parameter).isPresent()
                    ? cfg.file() + ", line " + cfg.line(parameter).getAsInt() + ": " + parameter
                    : parameter + " (default)";
            sources.putIfAbsent(parameter, s);
        }
        return s;
    }

    private Maps maps(String parameter, TableOptions options) {
        List<Maps.Entry> list = new ArrayList<>();
        List<String> aliasSpecs = cfg.getList("alias_maps");
        for (String spec : cfg.getList(parameter)) {
            // a table named in alias_maps is an aliases(5) file wherever else it is used
            list.add(open(spec, aliasSpecs.contains(spec)
                    ? options.toBuilder().sourceFormat(SourceFormat.ALIASES).build() : options));
        }
        return new Maps(parameter, list);
    }

    private Maps.Entry open(String spec, TableOptions options) {
        String key = spec + "\0" + options.sourceFormat();
        Maps.Entry e = opened.get(key);
        if (e != null) {
            return e;
        }
        String s = spec.startsWith("proxy:") ? spec.substring(6) : spec;
        if (s.equals("unix:passwd.byname")) {
            e = new Maps.Entry(spec, new PasswdTable(spec, users), null);
        } else {
            try {
                TableOptions o = options.toBuilder().warnings(w -> LOG.log(System.Logger.Level.WARNING,
                        "{0}, line {1}: {2}", w.source(), w.line(), w.message())).build();
                LookupTable t = LookupTables.open(spec, o);
                e = new Maps.Entry(spec, t, null,
                        new SourceLines(spec, t, options.sourceFormat() == SourceFormat.ALIASES));
            } catch (TableException ex) {
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}", spec, ex.getMessage());
                e = new Maps.Entry(spec, null, ex);
            }
        }
        opened.put(key, e);
        return e;
    }

    private DomainList domains(String parameter, Set<String> parents) {
        List<DomainList.Element> list = new ArrayList<>();
        addDomainElements(list, cfg.getList(parameter), 0);
        return new DomainList(parameter, list, parents.contains(parameter));
    }

    private void addDomainElements(List<DomainList.Element> list, List<String> items, int depth) {
        for (String item : items) {
            boolean neg = false;
            String p = item;
            while (p.startsWith("!")) {
                neg = !neg;
                p = p.substring(1);
            }
            if (p.startsWith("/") && depth < 5) {
                try {
                    List<String> words = new ArrayList<>();
                    for (String line : Files.readAllLines(Path.of(p), StandardCharsets.UTF_8)) {
                        if (!line.strip().startsWith("#")) {
                            for (String w : line.split("[\\s,]+")) {
                                if (!w.isEmpty()) {
                                    words.add(w);
                                }
                            }
                        }
                    }
                    addDomainElements(list, words, depth + 1);
                } catch (IOException ex) {
                    list.add(new DomainList.Element(neg, p, new Maps.Entry(p, null,
                            new TableException("open file " + p + ": " + ex.getMessage(), p, 0, ex))));
                }
            } else if (p.indexOf(':') > 0 && !p.startsWith("[")) {
                list.add(new DomainList.Element(neg, p, open(p, tableOptions)));
            } else {
                list.add(new DomainList.Element(neg, AddressText.fold(p), null));
            }
        }
    }

    private Set<String> interfaceLiterals(MachineFacts facts) {
        Set<String> out = new HashSet<>();
        List<String> items = new ArrayList<>(cfg.getList("inet_interfaces"));
        items.addAll(cfg.getList("proxy_interfaces"));
        for (String i : items) {
            String v = i.toLowerCase(Locale.ROOT);
            if (v.equals("all")) {
                for (MachineFacts.LocalAddress a : facts.addresses()) {
                    out.add(literal(a.address()));
                }
            } else if (v.equals("loopback-only")) {
                out.add("[127.0.0.1]");
                out.add("[ipv6:::1]");
            } else {
                String host = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
                if (host.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")) {
                    try {
                        out.add(literal(InetAddress.getByName(host)));
                    } catch (UnknownHostException e) {
                        LOG.log(System.Logger.Level.WARNING, "inet_interfaces: bad address {0}", i);
                    }
                }
            }
        }
        return out;
    }

    private static String literal(InetAddress a) {
        String h = a.getHostAddress();
        int pct = h.indexOf('%');
        if (pct >= 0) {
            h = h.substring(0, pct);
        }
        return a.getAddress().length == 4 ? "[" + h + "]" : "[ipv6:" + normalise6(h) + "]";
    }

    private static String normalise6(String h) {
        try {
            return InetAddress.getByName(h).getHostAddress().replaceAll("(^|:)0(:0)+(:|$)", "$1:$3")
                    .replaceFirst(":::", "::").toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return h.toLowerCase(Locale.ROOT);
        }
    }

    private boolean isInterfaceLiteral(String domain) {
        if (!domain.startsWith("[") || interfaceLiterals.isEmpty()) {
            return false;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        if (interfaceLiterals.contains(d)) {
            return true;
        }
        if (d.startsWith("[ipv6:")) {
            return interfaceLiterals.contains("[ipv6:" + normalise6(d.substring(6, d.length() - 1)) + "]");
        }
        return false;
    }

    /**
     * B.1 step 3: the domain {@code addr.substring(from)} is "local" for the purpose of address
     * lookups.
     */
    private boolean isLocalDomain(String addr, int from) throws TableException {
        int n = addr.length() - from;
        return n == myorigin.length() && addr.regionMatches(true, from, myorigin, 0, n)
                || isMydestination(addr, from);
    }

    /** {@link #isLocalDomain(String, int)} of an address with a domain. */
    private boolean isLocalDomain(Addr a) throws TableException {
        int from = a.at + 1;
        int n = a.text.length() - from;
        return n == myorigin.length() && a.text.regionMatches(true, from, myorigin, 0, n) || isMydestination(a);
    }

    /**
     * {@link #isMydestination(String, int)} of an address with a domain; the answer is kept
     * with the domain ({@link Interner.Domain}) when mydestination has no tables.
     */
    private boolean isMydestination(Addr a) throws TableException {
        if (!mydestinationFixed) {
            return isMydestination(a.text, a.at + 1);
        }
        Interner.Domain d = a.domainInfo();
        byte m = d.mydestination;
        if (m == 0) {
            m = isMydestination(a.text, a.at + 1) ? (byte) 1 : (byte) 2;
            d.mydestination = m;
        }
        return m == 1;
    }

    /** The domain {@code addr.substring(from)} is in mydestination or an interface literal (C.4). */
    private boolean isMydestination(String addr, int from) throws TableException {
        if (addr.length() == from) {
            return true;
        }
        if (addr.charAt(from) == '[' && isInterfaceLiteral(addr.substring(from))) {
            return true;
        }
        return !mydestination.match(addr, from).isEmpty();
    }

    // ------------------------------------------------------------------ context

    /** State of one resolution. */
    private final class Ctx {
        /** The warnings so far; null: none. */
        private List<String> warnings;
        /** The first destination, or null; {@link #more} holds all of them once there are two. */
        private Resolved first;
        /** The destinations so far once there are two or more, duplicates left out (see {@link #emit}). */
        private List<Resolved> more;
        /** The envelope sender; an owner- alias changes it for its expansion. */
        String sender;
        /**
         * The Delivered-To addresses (folded) of the message copy being resolved: each
         * forwarding starts a copy with one more; null for the original message.
         */
        Set<String> deliveredTo;
        /** How many forwardings the current copy is from the original message. */
        int forwardDepth;
        /** Forwarded copies made so far in this resolution. */
        int forwardCopies;
        /** local(8)'s attributes of the expansion being processed. */
        LocalAttrs attrs = LocalAttrs.NONE;
        /**
         * local(8)'s duplicate filter for the recipient it is delivering (null: empty), with
         * Postfix's keys: {@code forward PATH} once a .forward file is met, {@code forward-done
         * PATH} once its expansion listed an address, {@code include UID PATH} once an
         * :include: file is met.
         */
        Set<String> dupFilter;
        /**
         * The recipients the delivery local(8) is making forwards (forward_append), in order;
         * null: none yet. They go out when the delivery's own expansion is done.
         */
        List<Forwarded> forwarded;
        /** Defers emitted so far (counted before duplicates are left out). */
        int defers;
        private final long now;

        Ctx(String sender, long now) {
            this.sender = sender;
            this.now = now;
        }

        /** Adds a key to the duplicate filter; @return whether it was there already */
        boolean beenHere(String key) {
            if (dupFilter == null) {
                dupFilter = new HashSet<>();
            }
            return !dupFilter.add(key);
        }

        /** @return whether a key is in the duplicate filter */
        boolean beenHereCheck(String key) {
            return dupFilter != null && dupFilter.contains(key);
        }

        /** The clock for file checks and table freshness, read once when the resolution starts. */
        long now() {
            return now;
        }

        void warn(String w) {
            warnings().add(w);
            LOG.log(System.Logger.Level.DEBUG, w);
        }

        /** @return the list to add warnings to */
        List<String> warnings() {
            if (warnings == null) {
                warnings = new ArrayList<>(2);
            }
            return warnings;
        }

        /** @return the resolution of {@code recipient} as it stands */
        Resolution resolution(String recipient, String sender) {
            List<Resolved> out = more != null ? more : first != null ? List.of(first) : List.of();
            return new Resolution(recipient, sender, out, warnings == null ? List.of() : warnings);
        }

        /**
         * Adds a destination unless one like it is there: the same mailbox user, or the same
         * token for the same recipient (case folded).
         */
        void emit(Destination d, Chain chain) {
            if (d instanceof Destination.Defer) {
                defers++;
            }
            if (first == null) {
                first = new Resolved(d, Chain.toList(chain));
                return;
            }
            if (more == null) {
                if (sameDestination(first.destination(), d)) {
                    return;
                }
                more = new ArrayList<>(4);
                more.add(first);
            } else {
                for (int i = 0; i < more.size(); i++) {
                    if (sameDestination(more.get(i).destination(), d)) {
                        return;
                    }
                }
            }
            more.add(new Resolved(d, Chain.toList(chain)));
        }

        boolean deliveredTo(String addr) {
            return deliveredTo != null && deliveredTo.contains(AddressText.fold(addr));
        }

        /**
         * Starts a forwarded copy: its Delivered-To set is this copy's plus {@code addr}.
         *
         * @return the set to restore when the copy is resolved
         */
        Set<String> forwardCopy(String addr) {
            Set<String> saved = deliveredTo;
            Set<String> next = saved == null ? new HashSet<>() : new HashSet<>(saved);
            next.add(AddressText.fold(addr));
            deliveredTo = next;
            return saved;
        }
    }

    private static boolean sameDestination(Destination a, Destination b) {
        if (a instanceof Destination.LocalMailbox ma) {
            return b instanceof Destination.LocalMailbox mb && ma.user().equals(mb.user());
        }
        return a.getClass() == b.getClass() && a.format().equals(b.format())
                && AddressText.fold(a.recipient()).equals(AddressText.fold(b.recipient()));
    }

    /** Adds a step to a chain, or nothing when explanations are off. */
    private Chain chain(Chain prev, String stage, String source, String key, String result) {
        return explain ? new Chain(new Step(stage, source, key, result), prev) : prev;
    }

    /** An immutable linked chain of steps, shared between branches. */
    private record Chain(Step step, Chain prev) {

        static List<Step> toList(Chain c) {
            if (c == null) {
                return List.of();
            }
            int n = 0;
            for (Chain x = c; x != null; x = x.prev()) {
                n++;
            }
            if (n <= 2) {
                return n == 1 ? List.of(c.step()) : List.of(c.prev().step(), c.step());
            }
            Step[] steps = new Step[n];
            for (Chain x = c; x != null; x = x.prev()) {
                steps[--n] = x.step();
            }
            return List.of(steps);
        }
    }

    /**
     * local(8)'s attributes while an alias, .forward or :include: expansion is processed;
     * replaced, never changed, as the expansion goes deeper.
     *
     * @param owner the owner attribute: the owner- sender of the alias, the user of the
     *     .forward file or the recipient of the :include: (null: none); local recipients other
     *     than the owner are forwarded through cleanup
     * @param unmatched the extension, with its delimiter, that the expansion passes on (or null)
     * @param delivered the delivered attribute, the Delivered-To of what is forwarded: the
     *     recipient local(8) was given (or, with frozen_delivered_to = no, the one whose alias
     *     or .forward is being expanded)
     */
    private record LocalAttrs(String owner, String unmatched, String delivered) {
        static final LocalAttrs NONE = new LocalAttrs(null, null, null);
    }

    /**
     * A recipient that local(8) forwards: it goes into the new message for its (delivered,
     * sender) pair.
     *
     * @param delivered the delivered attribute, the new message's Delivered-To
     * @param sender the envelope sender of the new message
     * @param target the recipient, as local(8) hands it to cleanup
     * @param chain the steps that led to it
     */
    private record Forwarded(String delivered, String sender, String target, Chain chain) {
    }

    /** A temporary failure that ends the resolution of one address with a defer. */
    private static final class DeferException extends Exception {
        private static final long serialVersionUID = 1L;
        final String status;

        DeferException(String status, String text) {
            super(text, null, false, false);
            this.status = status;
        }
    }

    /** Warns with {@code e}'s text and defers {@code addr} with its status and text. */
    private static void defer(Ctx ctx, String addr, DeferException e, Chain chain) {
        ctx.warn(e.getMessage());
        ctx.emit(new Destination.Defer(addr, e.status, e.getMessage()), chain);
    }

    // ------------------------------------------------------------------ public entry points

    /**
     * Resolves one recipient.
     *
     * @param sender the envelope sender ({@code ""} or {@code <>} for the null sender)
     * @param recipient the recipient as given
     * @return the resolution
     */
    public Resolution resolve(String sender, String recipient) {
        // one clock read for the resolution: its table lookups and file checks all use it
        long now = System.nanoTime();
        boolean pinned = LookupClock.pin(now);
        try {
            return resolve(sender, recipient, now);
        } finally {
            LookupClock.unpin(pinned);
        }
    }

    private Resolution resolve(String sender, String recipient, long now) {
        String s = sender.equals("<>") ? "" : stripAngles(sender);
        List<Step> senderSteps = List.of();
        List<String> senderWarnings = List.of();
        String rewrittenSender = s;
        Ctx ctx;
        if (!s.isEmpty() && !senderMapsOn) {
            // the canonical form alone, a function of the text: kept for the last sender
            String[] last = lastSender;
            if (last != null && last[0].equals(s)) {
                rewrittenSender = last[1];
            } else {
                rewrittenSender = canonForm(s);
                lastSender = new String[] {s, rewrittenSender};
            }
        } else if (!s.isEmpty()) {
            try {
                Rewrite r = rewriteSender(s);
                rewrittenSender = r.address();
                senderSteps = r.explanation();
                senderWarnings = r.warnings();
            } catch (DeferException e) {
                ctx = new Ctx(s, now);
                defer(ctx, recipient, e, chain(null, "sender", "", s, "defer " + e.status));
                return ctx.resolution(recipient, s);
            }
        }
        ctx = new Ctx(rewrittenSender, now);
        if (!senderWarnings.isEmpty()) {
            ctx.warnings().addAll(senderWarnings);
        }
        Chain chain = null;
        for (Step st : senderSteps) {
            chain = explain ? new Chain(st, chain) : chain;
        }
        pipeline(ctx, stripAngles(recipient), chain);
        return ctx.resolution(recipient, rewrittenSender);
    }

    /** The address in internal form: no angle brackets, quotes of the local part removed. */
    private static String stripAngles(String a) {
        String t = a.strip();
        if (t.length() >= 2 && t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.indexOf('"') >= 0) {
            List<String> l = AddressText.parseList(t);
            if (l.size() == 1) {
                t = l.get(0);
            }
        }
        return t;
    }

    /**
     * The sender's canonical rewriting: canonical form, {@code sender_canonical_maps}, then
     * {@code canonical_maps}.
     */
    private Rewrite rewriteSender(String sender) throws DeferException {
        List<Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String a = canonForm(sender);
        if (senderCanonicalOn) {
            a = canonicalRepeat(senderCanonical, a, "canonical", steps, warnings);
        }
        if (canonicalSenders) {
            a = canonicalRepeat(canonical, a, "canonical", steps, warnings);
        }
        return new Rewrite(a, steps, warnings);
    }

    /**
     * The sender rewrite for callers: as {@link #resolve} applies it.
     *
     * @param sender the sender
     * @return the rewrite; a failing table gives the address unchanged and a warning
     */
    public Rewrite senderRewrite(String sender) {
        try {
            return rewriteSender(stripAngles(sender));
        } catch (DeferException e) {
            return new Rewrite(sender, List.of(), List.of(e.getMessage()));
        }
    }

    /**
     * smtp(8)'s {@code smtp_generic_maps}: one lookup, no repetition, first address of a
     * multi-valued result.
     *
     * @param address the address as the SMTP client would send it
     * @return the rewrite; a failing table gives the address unchanged and a warning (Postfix's
     *     smtp process stops and the delivery is retried)
     */
    public Rewrite genericRewrite(String address) {
        List<Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String a = stripAngles(address);
        try {
            List<Addr> r = mapAddress(generic, a, "generic", steps, "smtp_generic_maps");
            if (r != null && !r.isEmpty()) {
                if (r.size() > 1) {
                    warnings.add("multi-valued smtp_generic_maps entry for " + a);
                }
                a = r.get(0).text;
            }
        } catch (DeferException e) {
            warnings.add(e.getMessage());
        }
        return new Rewrite(a, steps, warnings);
    }

    // ------------------------------------------------------------------ cleanup

    /** C.3: the canonical form of an address (trivial-rewrite "local" context). */
    String canonForm(String addr) {
        String a = addr;
        if (a.isEmpty() || a.equals("@")) {
            return "";
        }
        if (a.startsWith("@")) {
            int colon = a.indexOf(':');
            if (colon > 0) {
                a = a.substring(colon + 1);
            }
        }
        int at = AddressText.at(a);
        if (at < 0) {
            int bang = a.indexOf('!');
            int pct = a.lastIndexOf('%');
            if (swapBangpath && bang > 0) {
                a = a.substring(bang + 1) + "@" + a.substring(0, bang);
                at = AddressText.at(a);
            } else if (percentHack && pct > 0) {
                a = a.substring(0, pct) + "@" + a.substring(pct + 1);
                at = AddressText.at(a);
            } else if (appendAtMyorigin) {
                at = a.length();
                a = a + "@" + myorigin;
            }
        }
        if (at >= 0) {
            int ds = at + 1;
            if (appendDotMydomain && ds < a.length() && a.charAt(ds) != '[' && a.indexOf('.', ds) < 0) {
                a = a + "." + mydomain;
            }
            if (a.endsWith(".") && !a.endsWith("..") && a.length() > ds) {
                a = a.substring(0, a.length() - 1);
            }
        }
        return a;
    }

    /** One B.1 search and crunch, recording the hit. */
    private List<Addr> mapAddress(Maps maps, String addr, String propagateClass, List<Step> steps, String stage)
            throws DeferException {
        Found f = search(maps, addr);
        if (f == null) {
            return null;
        }
        steps.add(new Step(stage, f.hit().where(), f.hit().key(), f.hit().value()));
        return crunch(f, addr, propagateClass, maps.parameter);
    }

    /**
     * The outcome of a B.1 search: the hit, whether the extension was stripped for it, and the
     * searched address with the end of its local part and the extension delimiter (-1: none).
     */
    private record Found(Maps.Hit hit, boolean stripped, String addr, int localEnd, int split) {

        /** @return the extension with its delimiter, or null */
        String extension() {
            return split < 0 ? null : addr.substring(split, localEnd);
        }

        /** @return the local part the hit was found for (without the extension when stripped) */
        String user() {
            return addr.substring(0, stripped ? split : localEnd);
        }
    }

    /** B.1: the address search with the default strategy. */
    private Found search(Maps maps, String addr) throws DeferException {
        return maps.isEmpty() ? null : search(maps, addr(addr));
    }

    /** B.1 on a parsed address: each search form is built once per address, when first needed. */
    private Found search(Maps maps, Addr a) throws DeferException {
        if (maps.isEmpty()) {
            return null;
        }
        String addr = a.text;
        int atIdx = a.at;
        int localEnd = a.localEnd();
        int split = a.split();
        try {
            boolean plain = a.plainLocal();
            Maps.Hit h = find2(maps, a.quotedAddress(), addr, plain, false);
            if (h != null) {
                return new Found(h, false, addr, localEnd, split);
            }
            if (split >= 0) {
                String base = a.baseAddress();
                String qb = a.quotedBaseAddress();
                h = find2(maps, qb, base, qb == base, true);
                if (h != null) {
                    return new Found(h, true, addr, localEnd, split);
                }
            }
            if (atIdx < 0) {
                return null;
            }
            if (isLocalDomain(a)) {
                h = find2(maps, a.quotedLocal(), a.local(), plain, true);
                if (h != null) {
                    return new Found(h, false, addr, localEnd, split);
                }
                if (split >= 0) {
                    String qb = a.quotedBase();
                    h = find2(maps, qb, a.base(), qb.equals(a.base()), true);
                    if (h != null) {
                        return new Found(h, true, addr, localEnd, split);
                    }
                }
            }
            h = maps.find(a.atDomain(), true);
            return h == null ? null : new Found(h, false, addr, localEnd, split);
        } catch (TableException e) {
            throw new DeferException("4.3.0", maps.parameter + " lookup error for \"" + addr + "\": " + e.getMessage());
        }
    }

    private static Maps.Hit find2(Maps maps, String external, String internal, boolean same, boolean fixedOnly)
            throws TableException {
        Maps.Hit h = maps.find(external, fixedOnly);
        if (h == null && !same) {
            h = maps.find(internal, fixedOnly);
        }
        return h;
    }

    /** Turns a hit into result addresses (B.2): {@code @domain} form, canonical form, extension. */
    private List<Addr> crunch(Found f, String addr, String propagateClass, String parameter) throws DeferException {
        String value = f.hit().value();
        Value parsed = parsedValue(f.hit());
        if (parsed.size() == 0 || value.isBlank()) {
            throw new DeferException("4.3.0", parameter + " map lookup problem for " + addr
                    + ": table " + f.hit().spec() + " returns non-address result \"" + value + "\"");
        }
        boolean atForm = value.strip().startsWith("@");
        boolean prop = f.stripped() && f.extension() != null && propagate.contains(propagateClass);
        if (parsed.size() == 1 && !atForm && !prop) {
            return List.of(parsed.canon(0));
        }
        List<Addr> list = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            if (!prop && !(i == 0 && atForm)) {
                list.add(parsed.canon(i));
                continue;
            }
            String a = canonForm(i == 0 && atForm ? f.user() + parsed.members.get(0) : parsed.members.get(i));
            if (prop) {
                int at = AddressText.at(a);
                a = at < 0 ? a + f.extension() : a.substring(0, at) + f.extension() + a.substring(at);
            }
            list.add(addr(a));
        }
        return list;
    }

    /**
     * {@link AddressText#parseList} of a table result, remembered for fixed tables: they answer
     * with the same value objects, so a repeated hit costs a map lookup on a string whose hash is
     * known, and brings the canonical forms of its members as parsed addresses. Results of
     * pattern tables are new strings each time and are parsed afresh.
     */
    private Value parsedValue(Maps.Hit hit) {
        return hit.entry().isPattern() ? new Value(AddressText.parseList(hit.value())) : parsedValue(hit.value());
    }

    private Value parsedValue(String value) {
        Value v = parsedValues.get(value);
        if (v == null) {
            v = new Value(List.copyOf(AddressText.parseList(value)));
            if (parsedValues.size() >= 8192) {
                parsedValues.clear();
            }
            parsedValues.put(value, v);
        }
        return v;
    }

    /** The parsed address of a text that has no kept form. */
    private Addr addr(String text) {
        return new Addr(text, rules);
    }

    /**
     * A table result (or file) split into its members, with what cleanup and local(8) derive
     * from each member worked out on first use: its canonical form (virtual and canonical
     * results) and local(8)'s target (alias, .forward and :include: members), as parsed
     * addresses. A function of the text and the fixed settings only.
     */
    private final class Value {
        final List<String> members;
        private Addr[] canon;
        private Addr[] targets;

        Value(List<String> members) {
            this.members = members;
        }

        int size() {
            return members.size();
        }

        /** @return the canonical form of member {@code i} */
        Addr canon(int i) {
            Addr[] c = canon;
            if (c == null) {
                c = new Addr[members.size()];
                canon = c;
            }
            Addr a = c[i];
            if (a == null) {
                a = addr(canonForm(members.get(i)));
                c[i] = a;
            }
            return a;
        }

        /** @return local(8)'s target for address member {@code i}: without a leading backslash, in canonical form */
        Addr target(int i) {
            String m = members.get(i);
            if (!m.startsWith("\\")) {
                return canon(i);
            }
            Addr[] t = targets;
            if (t == null) {
                t = new Addr[members.size()];
                targets = t;
            }
            Addr a = t[i];
            if (a == null) {
                a = addr(canonForm(m.substring(1)));
                t[i] = a;
            }
            return a;
        }
    }

    private String canonicalRepeat(Maps maps, String addr, String propagateClass, List<Step> steps,
            List<String> warnings) throws DeferException {
        String a = addr;
        for (int round = 0; round < CANONICAL_ROUNDS; round++) {
            Found f = search(maps, a);
            if (f == null) {
                return a;
            }
            List<Addr> r = crunch(f, a, propagateClass, maps.parameter);
            steps.add(new Step(maps.parameter, f.hit().where(), f.hit().key(), f.hit().value()));
            if (r.size() > 1) {
                warnings.add("multi-valued " + maps.parameter + " entry for " + a);
            }
            String next = r.get(0).text;
            if (next.equalsIgnoreCase(a)) {
                return next;
            }
            a = next;
        }
        if (search(maps, a) != null) {
            warnings.add("unreasonable " + maps.parameter + " map nesting for " + a);
        }
        return a;
    }

    /** Canonical rewriting, virtual alias expansion and routing of one recipient. */
    private void pipeline(Ctx ctx, String recipient, Chain chain) {
        Cleaned cl = cleanup(ctx, recipient, chain);
        if (cl.refusal() != null) {
            defer(ctx, cl.address(), cl.refusal(), chain(cl.chain(), "cleanup", "", cl.address(), "defer"));
            return;
        }
        routeAll(ctx, cl, cl.size() > 1 ? new HashSet<>() : null);
    }

    /**
     * What cleanup made of one recipient: its canonical form and canonical mapping (the
     * address and chain), then its virtual alias expansion, or the failure for which cleanup
     * refuses the message.
     */
    private record Cleaned(String address, Chain chain, Addr only, List<VirtualResult> expanded,
            DeferException refusal) {

        /** @return how many addresses the expansion gave ({@link #only}: the address itself) */
        int size() {
            return only != null ? 1 : expanded.size();
        }
    }

    /** cleanup's part for one recipient record: canonical form, canonical maps, virtual alias maps. */
    private Cleaned cleanup(Ctx ctx, String recipient, Chain chain) {
        String a = recipient.isEmpty() ? emptyRecipient : recipient;
        a = canonForm(a);
        Chain c = chain;
        if (!a.equals(recipient)) {
            c = chain(c, "rewrite", "", recipient, a);
        }
        try {
            if (recipientMapsOn) {
                List<Step> steps = new ArrayList<>();
                if (recipientCanonicalOn) {
                    a = canonicalRepeat(recipientCanonical, a, "canonical", steps, ctx.warnings());
                }
                if (canonicalRecipients) {
                    a = canonicalRepeat(canonical, a, "canonical", steps, ctx.warnings());
                }
                for (Step s : steps) {
                    c = explain ? new Chain(s, c) : c;
                }
            }
            Addr cleaned = addr(a);
            List<VirtualResult> expanded = virtualExpand(cleaned, c);
            return expanded == null ? new Cleaned(a, c, cleaned, null, null) : new Cleaned(a, c, null, expanded, null);
        } catch (DeferException e) {
            return new Cleaned(a, c, null, List.of(), e);
        }
    }

    /**
     * Routes the addresses cleanup produced for one recipient, leaving out those already in
     * {@code seen} (folded; null: one address, nothing to leave out).
     */
    private void routeAll(Ctx ctx, Cleaned cl, Set<String> seen) {
        Addr only = cl.only();
        if (only != null) {
            if (seen == null || seen.add(AddressText.fold(only.text))) {
                route(ctx, only, cl.chain(), 0);
            }
            return;
        }
        List<VirtualResult> expanded = cl.expanded();
        for (int i = 0; i < expanded.size(); i++) {
            VirtualResult v = expanded.get(i);
            if (seen != null && !seen.add(AddressText.fold(v.address().text))) {
                continue;
            }
            route(ctx, v.address(), v.chain(), 0);
        }
    }

    /** One address produced by virtual alias expansion, with the steps that produced it. */
    private record VirtualResult(Addr address, Chain chain) {
    }

    /**
     * C.1: the in-place/append walk. Each result carries {@code chain} followed by the lookups
     * that produced it (only {@code chain} when explanations are off).
     *
     * @return the results, or null when no table answers for {@code addr}: it is the only
     *     result, with {@code chain}
     */
    private List<VirtualResult> virtualExpand(Addr addr, Chain chain) throws DeferException {
        if (virtualAlias.isEmpty()) {
            return null;
        }
        Found first = null;
        if (expansionLimit >= 1 && recursionLimit >= 1) {
            // the usual case, no alias at all, without the walk's lists
            first = search(virtualAlias, addr);
            if (first == null) {
                return null;
            }
        }
        List<Addr> list = new ArrayList<>(2);
        List<Chain> steps = explain ? new ArrayList<>(2) : null;
        list.add(addr);
        if (explain) {
            steps.add(chain);
        }
        Set<String> self = null;
        for (int i = 0; i < list.size(); i++) {
            if (list.size() > expansionLimit) {
                throw new DeferException("4.6.0", "unreasonable virtual_alias_maps map expansion size for " + addr
                        + " -- message not accepted, try again later");
            }
            for (int count = 0;; count++) {
                Addr cur = list.get(i);
                if (self != null && self.contains(AddressText.fold(cur.text))) {
                    break;
                }
                if (count >= recursionLimit) {
                    throw new DeferException("4.6.0", "unreasonable virtual_alias_maps map nesting for " + addr
                            + " -- message not accepted, try again later");
                }
                Found f;
                if (first != null) {
                    f = first;
                    first = null;
                } else {
                    f = search(virtualAlias, cur);
                }
                if (f == null) {
                    break;
                }
                List<Addr> r = crunch(f, cur.text, "virtual", "virtual_alias_maps");
                Step st = explain ? new Step("virtual_alias_maps", f.hit().where(), f.hit().key(), f.hit().value())
                        : null;
                Chain base = explain ? steps.get(i) : null;
                for (int k = 0; k < r.size(); k++) {
                    Addr res = r.get(k);
                    if (res.text.length() > addressLengthLimit) {
                        throw new DeferException("4.6.0", "unreasonable virtual_alias_maps result length for " + addr
                                + " -- message not accepted, try again later");
                    }
                    Chain stepsOfRes = null;
                    if (explain) {
                        stepsOfRes = new Chain(st, base);
                    }
                    if (k == 0) {
                        list.set(i, res);
                        if (explain) {
                            steps.set(i, stepsOfRes);
                        }
                    } else {
                        list.add(res);
                        if (explain) {
                            steps.add(stepsOfRes);
                        }
                    }
                    if (res.text.equalsIgnoreCase(cur.text)) {
                        if (self == null) {
                            self = new HashSet<>();
                        }
                        self.add(AddressText.fold(cur.text));
                    }
                }
            }
        }
        if (list.size() == 1) {
            return List.of(new VirtualResult(list.get(0), explain ? steps.get(0) : chain));
        }
        List<VirtualResult> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new VirtualResult(list.get(i), explain ? steps.get(i) : chain));
        }
        return out;
    }

    // ------------------------------------------------------------------ trivial-rewrite

    /** A transport:nexthop pair. */
    private record Channel(String transport, String nexthop) {
    }

    private static Channel parseChannel(String value, String domain) {
        int colon = value.indexOf(':');
        String t = colon < 0 ? value : value.substring(0, colon);
        String n = colon < 0 ? "" : value.substring(colon + 1);
        return new Channel(t, n.isEmpty() ? domain : n);
    }

    /** The address class of C.4 and its default channel. */
    private void route(Ctx ctx, Addr a, Chain chain, int level) {
        try {
            routeChecked(ctx, a, chain, level);
        } catch (DeferException e) {
            defer(ctx, a.text, e, chain(chain, "defer", "", a.text, e.status + " " + e.getMessage()));
        }
    }

    private void routeChecked(Ctx ctx, Addr a, Chain chain, int level) throws DeferException {
        String addr = a.text;
        int at = a.at;
        String domain = a.domain();
        Chain c = chain;
        String cls;
        Channel ch;
        try {
            if (at < 0 || isMydestination(a)) {
                cls = "local";
                // null: local_transport to the recipient's domain, built only when it is needed
                ch = localChannel.nexthop().isEmpty() ? null : localChannel;
                c = chain(c, "class", mydestinationSource, domain, localClassText);
            } else if (!virtualAliasDomains.matchFolded(a.foldedDomain()).isEmpty()) {
                c = chain(c, "class", source("virtual_alias_domains"), domain, "virtual alias domain");
                ctx.emit(new Destination.Bounce(addr, "5.1.1", "User unknown in virtual alias table"),
                        chain(c, "result", "", addr, "error:5.1.1 User unknown in virtual alias table"));
                return;
            } else if (!virtualMailboxDomains.matchFolded(a.foldedDomain()).isEmpty()) {
                cls = "virtual";
                ch = virtualChannel.nexthop().isEmpty() ? new Channel(virtualName, domain) : virtualChannel;
                c = chain(c, "class", source("virtual_mailbox_domains"), domain, virtualClassText);
            } else {
                boolean relay = !relayDomains.matchFolded(a.foldedDomain()).isEmpty();
                cls = relay ? "relay" : "default";
                String classTransport = relay ? relayTransport : defaultTransport;
                String classParam = relay ? "relay_transport" : "default_transport";
                if (!relay) {
                    String[] sd = senderLookup(senderTransport, nullTransportKey, ctx);
                    if (sd != null) {
                        classTransport = sd[0];
                        classParam = "sender_dependent_default_transport_maps";
                        c = chain(c, classParam, sd[1], sd[2], sd[0]);
                    }
                }
                String nexthop = domain;
                String nhSource = "recipient domain";
                String[] sdr = senderLookup(senderRelayhost, nullRelayKey, ctx);
                if (sdr != null) {
                    nexthop = sdr[0];
                    nhSource = "sender_dependent_relayhost_maps";
                    c = chain(c, nhSource, sdr[1], sdr[2], sdr[0]);
                } else if (!relayhost.isEmpty()) {
                    nexthop = relayhost;
                    nhSource = source("relayhost");
                }
                Channel ct = parseChannel(classTransport, nexthop);
                ch = ct;
                if (explain) {
                    c = chain(c, "class", relay ? source("relay_domains") : "", domain,
                            cls + ", " + (classParam.startsWith("sender") ? classParam : source(classParam)) + " = "
                                    + classTransport + ", nexthop from " + nhSource);
                }
            }
        } catch (TableException e) {
            throw new DeferException("4.3.0", "address class lookup error for \"" + addr + "\": " + e.getMessage());
        }
        // relocated_maps
        Found rel = search(relocated, a);
        if (rel != null) {
            c = chain(c, "relocated_maps", rel.hit().where(), rel.hit().key(), rel.hit().value());
            ctx.emit(new Destination.Bounce(addr, "5.1.6", "User has moved to " + rel.hit().value()), c);
            return;
        }
        // transport_maps
        Maps.Hit th = transportLookup(addr, domain);
        if (ch == null && (th != null || localName.equals("error") || localName.equals("retry"))) {
            ch = new Channel(localName, domain);
        }
        if (th != null) {
            String v = th.value().strip();
            if (explain) {
                c = chain(c, "transport_maps", th.where(), th.key(), v);
            }
            int colon = v.indexOf(':');
            String t = colon < 0 ? v : v.substring(0, colon);
            String n = colon < 0 ? "" : v.substring(colon + 1);
            if (t.isEmpty() && !n.isEmpty()) {
                ch = new Channel(ch.transport(), n);
            } else if (!t.isEmpty()) {
                ch = new Channel(t, !n.isEmpty() ? n
                        : (t.equals("error") || t.equals("retry") ? "Address is undeliverable" : domain));
            }
        }
        if (ch != null && (ch.transport().equals("error") || ch.transport().equals("retry"))) {
            boolean error = ch.transport().equals("error");
            String text = ch.nexthop();
            String status = error ? "5.0.0" : "4.0.0";
            java.util.regex.Matcher m = STATUS_PREFIX.matcher(text);
            if (m.find()) {
                status = m.group(1) + "." + m.group(2) + "." + m.group(3);
                text = text.substring(m.end());
            }
            Destination d = error && !status.startsWith("4") ? new Destination.Bounce(addr, status, text)
                    : new Destination.Defer(addr, status.startsWith("5") ? "4" + status.substring(1) : status, text);
            ctx.emit(d, c);
            return;
        }
        if (cls.equals("virtual")) {
            Found vm = search(virtualMailbox, a);
            if (vm == null) {
                ctx.emit(new Destination.Bounce(addr, "5.1.1", "User unknown in virtual mailbox table"),
                        chain(c, "virtual_mailbox_maps", "", addr, "not found"));
                return;
            }
            if (explain) {
                c = chain(c, "virtual_mailbox_maps", vm.hit().where(), vm.hit().key(), vm.hit().value());
            }
            if (ch.transport().equals(virtualName)) {
                String v = vm.hit().value().strip();
                String base = virtualMailboxBase;
                String path = base.isEmpty() ? v : (base.endsWith("/") ? base + v : base + "/" + v);
                ctx.emit(new Destination.VirtualMailbox(addr, v, path, v.endsWith("/")), c);
                return;
            }
        }
        if (ch == null || cls.equals("local") && ch.transport().equals(localName)) {
            // (no channel yet: the class's own local transport, to the recipient's domain)
            if (!localRecipient.isEmpty() && level == 0) {
                Found lr = search(localRecipient, a);
                if (lr == null) {
                    ctx.emit(new Destination.Bounce(addr, "5.1.1", "User unknown in local recipient table"),
                            chain(c, "local_recipient_maps", "", addr, "not found"));
                    return;
                }
                if (explain) {
                    c = chain(c, "local_recipient_maps", lr.hit().where(), lr.hit().key(), lr.hit().value());
                }
            }
            local(ctx, a, c, level, "", "", false);
            return;
        }
        ctx.emit(new Destination.Relay(addr, ch.transport(), ch.nexthop()), c);
    }

    /** B.5: a sender-dependent lookup; null for no answer or DUNNO. */
    private String[] senderLookup(Maps maps, String nullKey, Ctx ctx) throws DeferException {
        if (maps.isEmpty()) {
            return null;
        }
        String v;
        String key;
        String spec;
        if (ctx.sender.isEmpty()) {
            Maps.Hit h;
            try {
                h = maps.find(nullKey, false);
            } catch (TableException e) {
                throw new DeferException("4.3.0", maps.parameter + " lookup error for \"" + nullKey + "\": "
                        + e.getMessage());
            }
            if (h == null) {
                return null;
            }
            v = h.value();
            key = h.key();
            spec = h.where();
        } else {
            Found f = search(maps, ctx.sender);
            if (f == null) {
                return null;
            }
            v = f.hit().value();
            key = f.hit().key();
            spec = f.hit().where();
        }
        v = v.strip();
        if (v.isEmpty()) {
            ctx.warn(maps.parameter + ": empty result for " + key + " treated as DUNNO");
            return null;
        }
        if (v.equalsIgnoreCase("DUNNO")) {
            return null;
        }
        return new String[] {v, spec, key};
    }

    /** B.4: the transport_maps search. */
    private Maps.Hit transportLookup(String addr, String domain) throws DeferException {
        if (transport.isEmpty()) {
            return null;
        }
        try {
            Maps.Hit h = transport.find(addr, false);
            if (h != null) {
                return h;
            }
            String local = AddressText.local(addr);
            int split = AddressText.splitAt(local, delimiters, ownerRequestSpecial, doubleBounce);
            if (split > 0 && !domain.isEmpty()) {
                h = transport.find(local.substring(0, split) + "@" + domain, true);
                if (h != null) {
                    return h;
                }
            }
            if (!domain.isEmpty()) {
                // pattern tables see only the full address and "*" (transport(5))
                h = transport.find(domain, true);
                if (h != null) {
                    return h;
                }
                for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
                    String parent = transportParents ? domain.substring(dot + 1) : domain.substring(dot);
                    if (parent.isEmpty() || parent.equals(".")) {
                        continue;
                    }
                    h = transport.find(parent, true);
                    if (h != null) {
                        return h;
                    }
                }
            }
            return transport.find("*", false);
        } catch (TableException e) {
            throw new DeferException("4.3.0", "transport_maps lookup error for \"" + addr + "\": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ local(8)

    /**
     * local(8) for one recipient: aliases, .forward, mailbox, unknown user (C.2).
     *
     * @param src the expansion source of this recipient: "" (queue), alias, forward, include
     * @param expFrom the name whose expansion produced this recipient
     * @param noAlias a {@code \\user} recipient: no alias, no .forward
     */
    private void local(Ctx ctx, Addr a, Chain chain, int level, String src, String expFrom, boolean noAlias)
            throws DeferException {
        if (level > 0) {
            localRecipient(ctx, a, chain, level, src, expFrom, noAlias);
            return;
        }
        String addr = a.text;
        if (ctx.deliveredTo(addr)) {
            ctx.emit(new Destination.Bounce(addr, "5.4.6", "mail forwarding loop for " + addr), chain);
            return;
        }
        // each recipient of a queue file is a delivery of its own, with its own duplicate filter
        // and its own delivered attribute (the Delivered-To of what it forwards)
        Set<String> savedFilter = ctx.dupFilter;
        LocalAttrs saved = ctx.attrs;
        List<Forwarded> savedForwarded = ctx.forwarded;
        int defersBefore = ctx.defers;
        ctx.dupFilter = null;
        ctx.attrs = new LocalAttrs(null, null, addr);
        ctx.forwarded = null;
        List<Forwarded> forwarded;
        try {
            // a defer thrown out of the expansion cancels what it forwarded (below, too)
            localRecipient(ctx, a, chain, level, src, expFrom, noAlias);
            forwarded = ctx.forwarded;
        } finally {
            ctx.dupFilter = savedFilter;
            ctx.attrs = saved;
            ctx.forwarded = savedForwarded;
        }
        if (forwarded != null) {
            forwardFinish(ctx, addr, forwarded, ctx.defers != defersBefore);
        }
    }

    private void localRecipient(Ctx ctx, Addr a, Chain chain, int level, String src, String expFrom,
            boolean noAlias) throws DeferException {
        String addr = a.text;
        String localPart = a.foldedLocal();
        String user = a.user();
        if (!noAlias && aliasExpand(ctx, a, chain, level, expFrom)) {
            return;
        }
        if (level > LOCAL_LEVEL_LIMIT) {
            ctx.emit(new Destination.Bounce(addr, "5.4.6", "recipient nesting limit exceeded"), chain);
            return;
        }
        String owner = ctx.attrs.owner();
        if (!noAlias && (owner != null && !owner.equalsIgnoreCase(user) || src.equals("include"))) {
            // local(8) resubmits: each such recipient gets cleanup's canonical and virtual mapping
            forwardOut(ctx, addr, chain(chain, "local", "", addr,
                    src.equals("include") ? "forwarded (listed in an :include: file)" : "forwarded (owner " + owner + ")"));
            return;
        }
        Optional<UserDatabase.User> found = users.find(user);
        String extension = a.extension();
        if (found.isEmpty()) {
            unknown(ctx, addr, chain, level, user, localPart, extension, a.delimiter());
            return;
        }
        Account account = account(a, found.get());
        if (!noAlias && forward(ctx, addr, chain, level, account, localPart, extension, a.delimiter())) {
            return;
        }
        mailbox(ctx, addr, chain, account);
    }

    /**
     * The alias of the full local part, else of the bare user, expanded. A name equal to
     * {@code expFrom} (the alias or {@code .forward} local part whose expansion this recipient
     * comes from) is not looked up: an alias or .forward listing its own name delivers to
     * that user.
     */
    private boolean aliasExpand(Ctx ctx, Addr a, Chain chain, int level, String expFrom) throws DeferException {
        if (aliases.isEmpty()) {
            return false;
        }
        String addr = a.text;
        String localPart = a.foldedLocal();
        String user = a.user();
        Maps.Hit h = null;
        String name = localPart;
        try {
            if (!localPart.equalsIgnoreCase(expFrom)) {
                String q = a.quotedFoldedLocal();
                h = find2(aliases, q, localPart, q.equals(localPart), false);
            }
            if (h == null && !user.equals(localPart) && !user.equalsIgnoreCase(expFrom)) {
                String qu = a.quotedUser();
                h = find2(aliases, qu, user, qu.equals(user), false);
                name = user;
            }
        } catch (TableException e) {
            throw new DeferException("4.3.0", "alias database unavailable: " + e.getMessage());
        }
        if (h == null) {
            return false;
        }
        Chain c = explain ? chain(chain, "alias_maps", h.where(), h.key(), h.value()) : chain;
        if (level > LOCAL_LEVEL_LIMIT) {
            ctx.warn("alias database loop for " + name);
            ctx.emit(new Destination.Bounce(addr, "5.4.6", "alias database loop for " + name), c);
            return true;
        }
        String ownerSender = null;
        if (ownerRequestSpecial && !name.startsWith("owner-")) {
            try {
                Maps.Hit owner = aliases.find(a.ownerKey(name != localPart), false);
                if (owner != null) {
                    List<String> ownerValue = parsedValue(owner).members;
                    ownerSender = canonForm(expandOwnerAlias && !ownerValue.isEmpty() ? ownerValue.get(0)
                            : "owner-" + name);
                    if (explain) {
                        c = chain(c, "alias_maps", owner.where(), owner.key(), owner.value() + " (sender becomes "
                                + ownerSender + ")");
                    }
                }
            } catch (TableException e) {
                throw new DeferException("4.3.0", "alias database unavailable: " + e.getMessage());
            }
        }
        String savedSender = ctx.sender;
        if (ownerSender != null) {
            ctx.sender = ownerSender; // the expansion is resubmitted with the owner as sender
        }
        try {
            // an alias found for the bare user passes the extension on when "alias" propagates
            expand(ctx, new LocalAttrs(ownerSender != null ? ownerSender : ctx.attrs.owner(),
                    name.length() < localPart.length() && propagate.contains("alias")
                            ? localPart.substring(name.length()) : null,
                    frozenDeliveredTo ? ctx.attrs.delivered() : addr),
                    addr, parsedValue(h), c, level, "alias", name, null);
        } finally {
            ctx.sender = savedSender;
        }
        return true;
    }

    /**
     * The derived state of an account, kept with the recipient's parsed address and by name
     * (both checked against the account the database gives now).
     */
    private Account account(Addr a, UserDatabase.User user) {
        Object memo = a.account;
        if (memo instanceof Account known && (known.user == user || known.user.equals(user))) {
            return known;
        }
        Account known = accounts.get(user.name());
        if (known == null || !(known.user == user || known.user.equals(user))) {
            String[] paths = null;
            if (forwardPathPerAccount) {
                Attributes attrs = attributes(null, user, user.name(), null, "");
                paths = new String[forwardPath.size()];
                for (int i = 0; i < paths.length; i++) {
                    paths[i] = forwardPath.get(i).expand(attrs);
                }
            }
            known = new Account(user, paths);
            if (accounts.size() >= 8192) {
                accounts.clear();
            }
            accounts.put(user.name(), known);
        }
        a.account = known;
        return known;
    }

    private boolean forward(Ctx ctx, String addr, Chain chain, int level, Account acct,
            String localPart, String extension, String delim) throws DeferException {
        UserDatabase.User account = acct.user;
        boolean perAccount = extension == null && acct.paths != null;
        if (perAccount && acct.noForward(ctx.now())) {
            return false;
        }
        String[] paths = perAccount ? acct.paths : null;
        if (paths == null) {
            Attributes attrs = attributes(addr, account, localPart, extension, delim);
            paths = new String[forwardPath.size()];
            for (int i = 0; i < paths.length; i++) {
                paths[i] = acct.paths != null && forwardPathAccountOnly[i] ? acct.paths[i]
                        : forwardPath.get(i).expand(attrs);
            }
        }
        // until when every file is known to be missing
        long noneUntil = Long.MAX_VALUE;
        for (int k = 0; k < paths.length; k++) {
            String path = paths[k];
            if (path == null || path.isEmpty()) {
                continue;
            }
            LocalFiles.Content file = forwardFiles.get(path, ctx.now());
            if (!file.exists()) {
                long until = file.checked() + forwardFiles.interval();
                if (noneUntil == Long.MAX_VALUE || until - noneUntil < 0) {
                    noneUntil = until;
                }
                continue;
            }
            // local/dotforward.c: the first path that exists (lstat) is the only one used;
            // anything wrong with it means mailbox delivery, with a warning
            if (ctx.beenHere("forward " + path)) {
                // met again once its expansion listed an address: delivered already; met
                // again within its own expansion: local(8) delivers to the user instead
                return ctx.beenHereCheck("forward-done " + path);
            }
            if (!file.regular()) {
                ctx.warn("file " + path + " is not a regular file");
                return false;
            }
            if (file.uid() > 0 && file.uid() != account.uid()) {
                ctx.warn("file " + path + " has bad owner uid " + file.uid());
                return false;
            }
            if ((file.mode() & 2) != 0) {
                ctx.warn("file " + path + " is world writable");
                return false;
            }
            List<String> tokens = file.tokens();
            if (tokens == null) {
                throw new DeferException("4.3.0", "cannot open forward file " + path + ": " + file.error().getMessage());
            }
            if (tokens.isEmpty()) {
                return false;
            }
            Chain c = chain(chain, "forward", source("forward_path"), path, explain ? String.join(", ", tokens) : "");
            // the extension goes on unless the file found is the extension's own
            expand(ctx, new LocalAttrs(account.name(),
                    extension != null && propagate.contains("forward") && !forwardPath.get(k).usesExtension()
                            ? delim + extension : null,
                    frozenDeliveredTo ? ctx.attrs.delivered() : addr),
                    addr, new Value(tokens), c, level, "forward", localPart, account);
            ctx.beenHere("forward-done " + path);
            return true;
        }
        if (perAccount && forwardFiles.interval() > 0 && noneUntil != Long.MAX_VALUE) {
            // every path was missing: the same answer until the first of them is looked at again
            acct.noForwardUntil = noneUntil;
            acct.noForwardKnown = true;
        }
        return false;
    }

    /** local(8)'s attributes for forward_path and luser_relay, looked up by name. */
    private record Attributes(String addr, UserDatabase.User account, String localPart, String extension,
            String delim, String delimiters) implements java.util.function.Function<String, String> {
        @Override
        public String apply(String name) {
            return switch (name) {
                case "user" -> account != null ? account.name() : (extension == null ? localPart
                        : localPart.substring(0, localPart.length() - extension.length() - 1));
                case "home" -> account != null ? account.home() : null;
                case "shell" -> account != null ? account.shell() : null;
                case "recipient" -> addr;
                case "extension" -> extension;
                case "domain" -> AddressText.domain(addr);
                case "local" -> localPart;
                case "recipient_delimiter" -> delim.isEmpty() ? delimiters : delim;
                default -> null;
            };
        }
    }

    private Attributes attributes(String addr, UserDatabase.User account, String localPart, String extension,
            String delim) {
        return new Attributes(addr, account, localPart, extension, delim, delimiters);
    }

    private void unknown(Ctx ctx, String addr, Chain chain, int level, String user, String localPart,
            String extension, String delim) throws DeferException {
        if (!luserRelay.isEmpty()) {
            String target = luserRelayTemplate.expand(attributes(addr, null, localPart, extension, delim));
            if (target != null && !target.isEmpty()) {
                Chain c = chain(chain, "luser_relay", source("luser_relay"), user, target);
                forwardOut(ctx, canonForm(target), c);
                return;
            }
        }
        if (user.equals("postmaster") || user.equals("mailer-daemon")) {
            ctx.warn("required alias not found: " + user);
            ctx.emit(new Destination.Discard(addr, "2.0.0", "discarded"), chain(chain, "local", "", user,
                    "required alias not found"));
            return;
        }
        ctx.emit(new Destination.Bounce(addr, "5.1.1", "unknown user: \"" + user + "\""),
                chain(chain, "local", "passwd", user, "not found"));
    }

    private void mailbox(Ctx ctx, String addr, Chain chain, Account acct) throws DeferException {
        UserDatabase.User account = acct.user;
        String user = account.name();
        try {
            Maps.Hit h = mailboxTransportMaps.find(user, false);
            if (h != null) {
                Channel ch = parseChannel(h.value().strip(), AddressText.domain(addr));
                ctx.emit(new Destination.Relay(addr, ch.transport(), ch.nexthop()),
                        chain(chain, "mailbox_transport_maps", h.where(), user, h.value()));
                return;
            }
            if (!mailboxTransport.isEmpty()) {
                Channel ch = parseChannel(mailboxTransport, parseChannel(localTransport,
                        AddressText.domain(addr)).nexthop());
                ctx.emit(new Destination.Relay(addr, ch.transport(), ch.nexthop()),
                        chain(chain, "mailbox_transport", source("mailbox_transport"), user, mailboxTransport));
                return;
            }
            h = mailboxCommandMaps.find(user, false);
            if (h != null) {
                ctx.emit(new Destination.CommandDelivery(addr, h.value().strip()),
                        chain(chain, "mailbox_command_maps", h.where(), user, h.value()));
                return;
            }
        } catch (TableException e) {
            throw new DeferException("4.3.0", "mailbox lookup error for " + user + ": " + e.getMessage());
        }
        if (!mailboxCommand.isEmpty()) {
            ctx.emit(new Destination.CommandDelivery(addr, mailboxCommand),
                    chain(chain, "mailbox_command", source("mailbox_command"), user, mailboxCommand));
            return;
        }
        String path = acct.mailboxPath;
        if (path == null) {
            if (!homeMailbox.isEmpty()) {
                path = account.home() + (account.home().endsWith("/") ? "" : "/") + homeMailbox;
            } else {
                path = spoolPrefix + user + spoolSuffix;
            }
            acct.mailboxPath = path;
        }
        ctx.emit(new Destination.LocalMailbox(addr, user, path, path.endsWith("/")), !explain ? chain
                : chain(chain, "mailbox", mailboxSource, user, path));
    }

    /** One element of an alias, include or .forward expansion. */
    private void token(Ctx ctx, String addr, Value members, int index, Chain chain, int level, String src,
            String expFrom, UserDatabase.User owner) throws DeferException {
        String token = members.members.get(index);
        if (token.startsWith("|")) {
            if (!commandsFrom.contains(src)) {
                ctx.emit(new Destination.Bounce(addr, "5.7.1", "mail to command is restricted"),
                        chain(chain, src, source("allow_mail_to_commands"), token, "refused"));
            } else {
                ctx.emit(new Destination.CommandDelivery(addr, token.substring(1)), chain);
            }
            return;
        }
        if (token.regionMatches(true, 0, ":include:", 0, 9)) {
            String path = token.substring(9).strip();
            // local/include.c: a file met again in this delivery, with the same rights (the
            // .forward owner's, else the alias context's), is skipped without a word
            if (ctx.beenHere("include " + (owner == null ? -1 : owner.uid()) + " " + path)) {
                return;
            }
            LocalFiles.Content file = files.get(path, ctx.now());
            List<String> tokens = file.tokens();
            if (tokens == null) {
                // Postfix logs the reason and bounces with a generic text (verified with 3.7)
                ctx.warn("cannot open include file " + path + ": " + file.error().getMessage());
                ctx.emit(new Destination.Bounce(addr, "5.3.5", "mail system configuration error"), chain);
                return;
            }
            Chain c = chain(chain, ":include:", path, token, explain ? String.join(", ", tokens) : "");
            LocalAttrs a = ctx.attrs;
            // local/include.c: the names the file lists are looked up as aliases unless they
            // are the local part of the recipient being delivered (not the alias that named the file)
            expand(ctx, new LocalAttrs(a.owner() != null ? a.owner() : addr,
                    propagate.contains("include") ? a.unmatched() : null, a.delivered()),
                    addr, new Value(tokens), c, level, "include", AddressText.fold(AddressText.local(addr)), owner);
            return;
        }
        String file = null;
        if (token.startsWith("/")) {
            file = token;
        } else if (token.startsWith("~/") && owner != null) {
            file = owner.home() + token.substring(1);
        }
        if (file != null) {
            if (!filesFrom.contains(src)) {
                ctx.emit(new Destination.Bounce(addr, "5.7.1", "mail to file is restricted"),
                        chain(chain, src, source("allow_mail_to_files"), token, "refused"));
            } else {
                ctx.emit(new Destination.FileDelivery(addr, file), chain);
            }
            return;
        }
        boolean escaped = token.startsWith("\\");
        Addr ta = members.target(index);
        String target = ta.text;
        if (target.isEmpty()) {
            return;
        }
        String unmatched = ctx.attrs.unmatched();
        if (unmatched != null) {
            // the expanding recipient's extension, spliced in before the domain
            int at = ta.at;
            target = at < 0 ? target + unmatched : target.substring(0, at) + unmatched + target.substring(at);
            ta = addr(target);
        }
        // local(8) asks trivial-rewrite: a local address is delivered here, anything else forwarded
        int at = ta.at;
        boolean localHere;
        try {
            localHere = at < 0 || isMydestination(ta);
            if (localHere && !transport.isEmpty()) {
                String domain = at < 0 ? "" : target.substring(at + 1);
                Maps.Hit th = transportLookup(target, domain);
                if (th != null) {
                    String t = parseChannel(th.value().strip(), domain).transport();
                    localHere = t.isEmpty() || t.equals(localName);
                }
            }
        } catch (TableException e) {
            throw new DeferException("4.3.0", "address class lookup error for \"" + target + "\": " + e.getMessage());
        }
        if (localHere) {
            local(ctx, ta, chain(chain, src, "", token, target), level, src, expFrom, escaped);
        } else {
            forwardOut(ctx, target, chain(chain, src, "", token, target));
        }
    }

    /**
     * The elements of an alias, .forward or :include: expansion, each handled with
     * {@code attrs} as local(8)'s attributes.
     */
    private void expand(Ctx ctx, LocalAttrs attrs, String addr, Value tokens, Chain chain, int level,
            String src, String expFrom, UserDatabase.User owner) throws DeferException {
        LocalAttrs saved = ctx.attrs;
        ctx.attrs = attrs;
        try {
            for (int i = 0; i < tokens.size(); i++) {
                try {
                    token(ctx, addr, tokens, i, chain, level + 1, src, expFrom, owner);
                } catch (DeferException e) {
                    // local(8) goes on with the other members (local/token.c ORs their
                    // statuses): this one defers the recipient, the others are delivered
                    defer(ctx, addr, e, chain(chain, "defer", "", tokens.members.get(i), "defer " + e.status));
                }
            }
        } finally {
            ctx.attrs = saved;
        }
    }

    /**
     * Forwarding by local(8) (forward_append): the recipient goes into the new message of the
     * current delivery's (delivered, sender) pair, which leaves when the delivery's own
     * expansion is done ({@link #forwardFinish}).
     */
    private void forwardOut(Ctx ctx, String target, Chain chain) {
        if (ctx.forwarded == null) {
            ctx.forwarded = new ArrayList<>(4);
        }
        ctx.forwarded.add(new Forwarded(ctx.attrs.delivered(), ctx.sender, target, chain));
    }

    /**
     * local(8)'s forward_finish for the delivery of {@code recipient}: one new message per
     * (delivered, sender) pair, each with one more Delivered-To, through cleanup (canonical,
     * virtual) and qmgr. Postfix 3.7 behaves as follows (local/local.c, local_deliver;
     * local/forward.c, forward_finish and forward_send; cleanup/cleanup_api.c, cleanup_flush):
     * <ul>
     * <li>when any part of the delivery deferred, no message is sent at all;</li>
     * <li>cleanup expands every recipient of a message as it arrives; when one expansion
     *     fails (a virtual alias loop or limit: 4.6.0; a table error), cleanup refuses the
     *     whole message, which it cannot bounce, and local(8) defers {@code recipient}
     *     without a log record of its own: none of that message's recipients gets it, and
     *     the queue file keeps {@code recipient} for the next attempt;</li>
     * <li>the messages are sent in the order of a hash table whose hash is seeded at random
     *     per process, and sending stops at the first refusal: which other messages of the
     *     same delivery leave in one attempt is chance, but over the retries each of them
     *     does, so they are resolved here;</li>
     * <li>a message that already has {@code hopcount_limit} Received: headers is bounced by
     *     cleanup (the original carries one, each forwarding adds one).</li>
     * </ul>
     */
    private void forwardFinish(Ctx ctx, String recipient, List<Forwarded> forwarded, boolean deferred) {
        if (deferred) {
            return;
        }
        Map<String, List<Forwarded>> copies = new LinkedHashMap<>();
        for (Forwarded f : forwarded) {
            copies.computeIfAbsent(f.delivered() + '\n' + f.sender(), k -> new ArrayList<>(2)).add(f);
        }
        for (List<Forwarded> copy : copies.values()) {
            Cleaned[] cleaned = new Cleaned[copy.size()];
            Cleaned refused = null;
            for (int i = 0; i < cleaned.length && refused == null; i++) {
                cleaned[i] = cleanup(ctx, copy.get(i).target(), copy.get(i).chain());
                if (cleaned[i].refusal() != null) {
                    refused = cleaned[i];
                }
            }
            if (refused != null) {
                DeferException e = refused.refusal();
                ctx.warn(e.getMessage());
                ctx.emit(new Destination.Defer(recipient, e.status, "forwarded message not accepted: " + e.getMessage()),
                        chain(refused.chain(), "cleanup", "", refused.address(), "defer " + e.status
                                + ": the forwarded message is refused, local(8) defers " + recipient));
                continue;
            }
            String delivered = copy.get(0).delivered();
            if (ctx.forwardDepth + 2 >= hopcountLimit) {
                for (Forwarded f : copy) {
                    ctx.emit(new Destination.Bounce(delivered, "5.4.0", "too many hops"), f.chain());
                }
                continue;
            }
            // local(8)'s expansion state does not travel with the new message: its recipients
            // start their own deliveries in local() at level 0
            String savedSender = ctx.sender;
            Set<String> savedDelivered = ctx.forwardCopy(delivered);
            ctx.sender = copy.get(0).sender();
            ctx.forwardDepth++;
            try {
                Set<String> seen = copy.size() > 1 || cleaned[0].size() > 1 ? new HashSet<>() : null;
                for (Cleaned cl : cleaned) {
                    if (++ctx.forwardCopies > FORWARD_COPY_LIMIT) {
                        ctx.warn("more than " + FORWARD_COPY_LIMIT
                                + " forwarded copies for one recipient; the rest deferred");
                        ctx.emit(new Destination.Defer(delivered, "4.4.6", "too many forwarded copies"), cl.chain());
                        continue;
                    }
                    routeAll(ctx, cl, seen);
                }
            } finally {
                ctx.forwardDepth--;
                ctx.deliveredTo = savedDelivered;
                ctx.sender = savedSender;
            }
        }
    }
}
