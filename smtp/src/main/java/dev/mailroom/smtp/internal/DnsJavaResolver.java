package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.Dns;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@link Dns} through dnsjava's {@link Lookup} with the system's resolvers. */
public final class DnsJavaResolver implements Dns {

    /** Uses the default resolver. */
    public DnsJavaResolver() {
    }

    @Override
    public List<MxRecord> mx(String domain) throws LookupException {
        List<MxRecord> out = new ArrayList<>();
        for (Record r : lookup(domain, Type.MX)) {
            MXRecord mx = (MXRecord) r;
            String target = mx.getTarget().toString(true);
            out.add(new MxRecord(mx.getPriority(), target.equals(".") || target.isEmpty() ? "" : target));
        }
        return out;
    }

    @Override
    public List<InetAddress> addresses(String host) throws LookupException {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : lookup(host, Type.A)) {
            out.add(((ARecord) r).getAddress());
        }
        for (Record r : lookup(host, Type.AAAA)) {
            out.add(((AAAARecord) r).getAddress());
        }
        return out;
    }

    private static Record[] lookup(String name, int type) throws LookupException {
        Lookup l;
        try {
            l = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
        } catch (TextParseException e) {
            throw new LookupException("invalid name " + name + ": " + e.getMessage(), false);
        }
        Record[] records = l.run();
        switch (l.getResult()) {
            case Lookup.SUCCESSFUL:
                return records == null ? new Record[0] : records;
            case Lookup.HOST_NOT_FOUND:
            case Lookup.TYPE_NOT_FOUND:
                return new Record[0];
            case Lookup.TRY_AGAIN:
                throw new LookupException("temporary failure looking up " + Type.string(type) + " for " + name + ": "
                        + l.getErrorString(), true);
            default:
                throw new LookupException("unrecoverable failure looking up " + Type.string(type) + " for " + name
                        + ": " + l.getErrorString(), false);
        }
    }
}
