package org.maproom.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's {@code main} in a JVM of its own, on the test's classpath, so that a test can do to it what happens to
 * pods: SIGKILL, SIGSTOP and SIGCONT. Configuration goes in as system properties, which a service reads first.
 */
public final class ServiceProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(String name, Class<?> main, Map<String, ?> config, Path logDir) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // Several of these live a minute or two beside each other on a small machine: C2's compiling costs them more
    // than its faster code gives back (a ClusterFailoverTest scenario took 88 s with C1 alone, 128 s with both).
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath));
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add(main.getName());
    Path log = logDir.resolve(name + ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("LOG_FORMAT", "text");
      return new ServiceProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, as Kubernetes stops a pod: the service runs coordinated shutdown and exits. */
  public void terminate() {
    process.destroy();
  }

  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  public void pause() {
    signal("STOP");
  }

  public void resume() {
    signal("CONT");
  }

  /** True if the process ended within the given time. */
  public boolean waitForExit(Duration within) {
    try {
      return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " " + name + " failed");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
