package org.maproom.moderation.email;

import com.typesafe.config.Config;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Production mail over SMTP (Jakarta Mail), on a blocking pool; credentials from the environment. */
public final class SmtpMailer implements Mailer {
  private final Session session;
  private final InternetAddress from;
  private final Executor blocking;

  public SmtpMailer(Config smtp, String from, Executor blocking) {
    Properties props = new Properties();
    props.put("mail.smtp.host", smtp.getString("host"));
    props.put("mail.smtp.port", Integer.toString(smtp.getInt("port")));
    props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.getBoolean("starttls")));
    props.put("mail.smtp.starttls.required", Boolean.toString(smtp.getBoolean("starttls")));
    props.put("mail.smtp.connectiontimeout", "10000");
    props.put("mail.smtp.timeout", "10000");
    String user = smtp.getString("username");
    boolean auth = !user.isEmpty();
    props.put("mail.smtp.auth", Boolean.toString(auth));
    String password = smtp.getString("password");
    this.session = Session.getInstance(props, auth ? new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(user, password);
      }
    } : null);
    try {
      this.from = new InternetAddress(from);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("moderation.email.from is not an address", e);
    }
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Void> send(String accountId, String to, String subject, String text) {
    return CompletableFuture.runAsync(() -> {
      try {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        Transport.send(message);
      } catch (MessagingException e) {
        // Not the exception itself: its message may name the recipient, and addresses stay out of logs.
        throw new CompletionException(new IllegalStateException("the mail server refused a message (" + e.getClass().getSimpleName() + ")"));
      }
    }, blocking);
  }
}
