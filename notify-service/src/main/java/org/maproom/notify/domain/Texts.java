package org.maproom.notify.domain;

import com.typesafe.config.Config;

/** Every text the program sends, from configuration; each carries its one-click unsubscribe link where it has one. */
public record Texts(String programName, String help) {
  public static Texts fromConfig(Config notify) {
    return new Texts(notify.getString("program-name"), notify.getString("help-text"));
  }

  /** The confirmation each number gets before any article: who we are, and how to stop. */
  public String welcome(String unsubscribeLink) {
    return programName + ": you're on the list for a text when a new piece is live. Msg & data rates may apply. "
        + "Reply HELP for help, STOP to opt out, or tap " + unsubscribeLink;
  }

  public String article(String title, String url, String unsubscribeLink) {
    return programName + ": " + title + " " + url + "\nReply STOP or tap " + unsubscribeLink + " to opt out.";
  }

  public String back() {
    return programName + ": you're back on the list. Reply HELP for help, STOP to opt out.";
  }
}
