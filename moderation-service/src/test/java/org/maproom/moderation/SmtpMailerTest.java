package org.maproom.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.typesafe.config.ConfigFactory;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.maproom.moderation.email.SmtpMailer;

/** The production mailer against a real SMTP server (GreenMail, in-process), with authentication. */
class SmtpMailerTest {
  @Test
  void aMessageReachesTheServerWithItsSubjectBodyAndAddresses() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.setUser("mailer", "mailer-secret");
    smtp.start();
    var pool = Executors.newSingleThreadExecutor();
    try {
      var config = ConfigFactory.parseMap(Map.of("host", "127.0.0.1", "port", port, "username", "mailer", "password", "mailer-secret",
          "starttls", false));
      var mailer = new SmtpMailer(config, "The Map Room <no-reply@maproom.example>", pool);
      mailer.send("acc-1", "rea@example.org", "Confirm your email", "Follow this link: https://maproom.example/verify-email?token=abc\nThanks.")
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
      MimeMessage received = smtp.getReceivedMessages()[0];
      assertThat(received.getSubject()).isEqualTo("Confirm your email");
      assertThat(received.getAllRecipients()[0].toString()).isEqualTo("rea@example.org");
      assertThat(received.getFrom()[0].toString()).contains("no-reply@maproom.example");
      assertThat(((String) received.getContent()).replace("\r\n", "\n")).contains("verify-email?token=abc\nThanks.");
    } finally {
      pool.shutdown();
      smtp.stop();
    }
  }
}
