package org.maproom.moderation.email;

import com.typesafe.config.Config;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import org.maproom.platform.db.Database;

/**
 * Where moderation-service's email goes: SMTP in production, the outbox table in dev and tests (listable over HTTP,
 * like the SMS outbox). Bodies are plain text; addresses are never logged.
 */
public interface Mailer {
  /** Completes once the message is handed over (to the SMTP server, or into the outbox). */
  CompletionStage<Void> send(String accountId, String to, String subject, String text);

  /** {@code moderation.email}: provider "smtp" or "outbox". */
  static Mailer fromConfig(Config email, Database db, Executor blocking) {
    return switch (email.getString("provider")) {
      case "smtp" -> new SmtpMailer(email.getConfig("smtp"), email.getString("from"), blocking);
      case "outbox" -> new OutboxMailer(db);
      default -> throw new IllegalArgumentException("moderation.email.provider must be smtp or outbox");
    };
  }
}
