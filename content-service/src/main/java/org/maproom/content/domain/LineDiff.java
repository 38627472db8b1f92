package org.maproom.content.domain;

import java.util.ArrayList;
import java.util.List;

/** A line diff for comparing revisions: unchanged lines start with "  ", removed with "- ", added with "+ ". */
public final class LineDiff {
  /** Above this many line pairs the table would be too large: the diff is then "all removed, all added". */
  private static final long MAX_CELLS = 4_000_000;

  private LineDiff() {}

  public static List<String> of(String from, String to) {
    String[] a = from.split("\n", -1);
    String[] b = to.split("\n", -1);
    List<String> out = new ArrayList<>();
    if ((long) a.length * b.length > MAX_CELLS) {
      for (String line : a) out.add("- " + line);
      for (String line : b) out.add("+ " + line);
      return out;
    }
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i].equals(b[j])) {
        out.add("  " + a[i++]);
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add("- " + a[i++]);
      } else {
        out.add("+ " + b[j++]);
      }
    }
    while (i < a.length) out.add("- " + a[i++]);
    while (j < b.length) out.add("+ " + b[j++]);
    return out;
  }
}
