package dev.mailroom.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One service of {@code master.cf}: the eight fields as written ({@code -} meaning the
 * default) and the command's arguments, normalised as Postfix normalises them
 * ({@code -oname=value} split into {@code -o} and {@code name=value}; {@code { ... }} groups
 * unwrapped, and {@code -o { name = value }} written {@code name=value}).
 *
 * @param name the service name ({@code smtp}, {@code relay}, {@code 127.0.0.1:10025})
 * @param type {@code inet}, {@code unix}, {@code unix-dgram}, {@code fifo} or {@code pass}
 * @param privateField {@code y}, {@code n} or {@code -}
 * @param unprivileged {@code y}, {@code n} or {@code -}
 * @param chroot {@code y}, {@code n} or {@code -}
 * @param wakeup seconds, optionally followed by {@code ?}, or {@code -}
 * @param maxProcesses a number or {@code -}
 * @param command the program name (the eighth field)
 * @param arguments the command's arguments after normalisation
 * @param overrides the {@code -o name=value} overrides in order (a repeated name keeps its
 *     last value)
 * @param line the 1-based line the entry starts on
 */
public record MasterService(String name, String type, String privateField, String unprivileged, String chroot,
        String wakeup, String maxProcesses, String command, List<String> arguments,
        Map<String, String> overrides, int line) {

    /**
     * @throws NullPointerException when a component is null
     */
    public MasterService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(privateField, "privateField");
        Objects.requireNonNull(unprivileged, "unprivileged");
        Objects.requireNonNull(chroot, "chroot");
        Objects.requireNonNull(wakeup, "wakeup");
        Objects.requireNonNull(maxProcesses, "maxProcesses");
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
        overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
    }

    /** @return whether the service is private: the field, or its default ({@code y}, {@code n} for inet) */
    public boolean isPrivate() {
        return privateField.equals("-") ? !type.equals("inet") : privateField.equals("y");
    }

    /** @return whether the service runs unprivileged ({@code y} by default) */
    public boolean isUnprivileged() {
        return !unprivileged.equals("n");
    }

    /** @return whether the service runs chrooted ({@code n} by default since Postfix 3.0) */
    public boolean isChroot() {
        return chroot.equals("y");
    }

    /** @return {@code name/type}, the way {@code postconf -P} names a service */
    public String id() {
        return name + "/" + type;
    }

    /** @return the program's base name, which its daemon sees as {@code process_name} */
    public String processName() {
        int slash = command.lastIndexOf('/');
        return slash < 0 ? command : command.substring(slash + 1);
    }

    /** @return the value of {@code service_name} inside the service: its name field */
    public String serviceNameParameter() {
        return name;
    }

    /** @return the eight fields and the arguments, as {@code postconf -M} lists them */
    public List<String> fields() {
        List<String> out = new java.util.ArrayList<>(List.of(name, type, privateField, unprivileged, chroot,
                wakeup, maxProcesses, command));
        out.addAll(arguments);
        return out;
    }
}
