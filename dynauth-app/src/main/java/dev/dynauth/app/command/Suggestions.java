package dev.dynauth.app.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/** "unknown command 'users lst'; did you mean 'users list'?" for what picocli could not match. */
public final class Suggestions {
    private Suggestions() {}

    /** The message for an unmatched word, or null to keep picocli's. */
    public static String unknown(UnmatchedArgumentException ex) {
        List<String> unmatched = ex.getUnmatched();
        if (unmatched.isEmpty()) return null;
        String word = unmatched.get(0);
        CommandLine c = ex.getCommandLine();
        String at = c.getCommandSpec().qualifiedName().replaceFirst("^dynauth ?", "");
        String prefix = at.isEmpty() ? "" : at + " ";
        if (word.startsWith("-")) {
            List<String> options = new ArrayList<>();
            c.getCommandSpec().options().forEach(o -> options.addAll(List.of(o.names())));
            String best = closest(word.contains("=") ? word.substring(0, word.indexOf('=')) : word, options);
            return "unknown option '" + word + "'" + (best != null ? "; did you mean '" + best + "'?" : "");
        }
        if (c.getSubcommands().isEmpty()) {
            return "unexpected argument '" + word + "'";
        }
        String best = closest(word, new ArrayList<>(c.getSubcommands().keySet()));
        return "unknown command '" + prefix + word + "'" + (best != null ? "; did you mean '" + prefix + best + "'?" : "");
    }

    /** The nearest candidate by edit distance, if near enough to be a typo. */
    static String closest(String word, List<String> candidates) {
        return candidates.stream()
                .filter(c -> distance(word, c) <= Math.max(2, c.length() / 3) || c.startsWith(word) && word.length() >= 2)
                .min(Comparator.comparingInt(c -> distance(word, c)))
                .orElse(null);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
