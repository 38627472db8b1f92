package org.maproom.k8s;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Builds a service's container image with Jib, with no Docker daemon and no base image from a registry: the image
 * starts from scratch and holds a jlink'd Java runtime, the few shared libraries that runtime links against (taken
 * from this Debian machine), an /etc/passwd with the unprivileged user, and the service's classpath. Written as a
 * tarball that {@code docker load}, {@code skopeo copy docker-archive:…} or {@code crane push} accept.
 *
 * <p>Usage, after {@code mvn package}: {@code ImageBuilder <service module dir> <main class> <out.tar> <tag>}.
 */
public final class ImageBuilder {
  /** The runtime's modules: what the services' libraries use (JDBC, JMX, JNDI/DNS, Kafka's SASL, java.beans, Artery's JFR events). */
  static final List<String> MODULES = List.of("java.base", "java.desktop", "java.instrument", "java.logging",
      "java.management", "java.naming", "java.net.http", "java.security.jgss", "java.security.sasl", "java.sql",
      "java.transaction.xa", "java.xml", "jdk.crypto.ec", "jdk.jfr", "jdk.management", "jdk.naming.dns", "jdk.unsupported", "jdk.zipfs");
  /** Native parts of java.desktop that only AWT and sound load; their X11 and font libraries are left out. */
  static final Set<String> UNUSED_NATIVE = Set.of("libawt_xawt.so", "libawt_headless.so", "libawt.so", "libfontmanager.so",
      "libjsound.so", "libsplashscreen.so", "liblcms.so", "libjavajpeg.so", "libmlib_image.so", "libjawt.so");
  static final String USER = "10001:10001";
  /** Sized for containers: the heap follows the pod's memory limit; an OOM ends the pod instead of limping on. */
  static final List<String> JVM_FLAGS = List.of("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError",
      "-XX:+UseG1GC", "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp");

  public record Service(String name, String mainClass, List<Path> classpath, List<Integer> ports) {}

  private ImageBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) throw new IllegalArgumentException("usage: <service module dir> <main class> <out.tar> <tag>");
    Path module = Path.of(args[0]);
    build(new Service(module.getFileName().toString(), args[1], classpath(module), List.of()), Path.of(args[2]), args[3]);
  }

  /** A built module's classes, then its runtime classpath as the build wrote it to target/runtime.classpath. */
  public static List<Path> classpath(Path module) throws IOException {
    List<Path> entries = new ArrayList<>(List.of(module.resolve("target/classes").toAbsolutePath()));
    for (String entry : Files.readString(module.resolve("target/runtime.classpath")).trim().split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) entries.add(Path.of(entry));
    }
    return entries;
  }

  public static void build(Service service, Path tarball, String tag) throws Exception {
    Path work = Files.createTempDirectory("maproom-image-");
    Path jre = work.resolve("jre");
    run(List.of(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
        "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files", "--no-man-pages",
        "--output", jre.toString()));

    List<String> classpath = new ArrayList<>();
    JibContainerBuilder image = Jib.fromScratch()
        .addFileEntriesLayer(system(work, jre))
        .addFileEntriesLayer(tree("java-runtime", jre, "/opt/java"))
        .addFileEntriesLayer(application(service, classpath))
        .setEnvironment(Map.of("PATH", "/opt/java/bin", "LANG", "C.UTF-8"))
        .setUser(USER)
        .setWorkingDirectory(AbsoluteUnixPath.get("/app"))
        .setCreationTime(Instant.EPOCH)
        .setEntrypoint(entrypoint(service, classpath));
    image.setExposedPorts(service.ports().stream().map(Port::tcp).collect(java.util.stream.Collectors.toSet()));
    Files.createDirectories(tarball.toAbsolutePath().getParent());
    image.containerize(Containerizer.to(TarImage.at(tarball).named(tag)));
  }

  /**
   * The classpath in the build's order, not a wildcard: several jars carry a reference.conf, and where they set the
   * same key the first on the classpath wins (maproom's platform overrides Pekko's defaults).
   */
  static List<String> entrypoint(Service service, List<String> classpath) {
    List<String> command = new ArrayList<>(List.of("/opt/java/bin/java"));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", String.join(":", classpath), service.mainClass()));
    return command;
  }

  /** The service: its own and sibling modules' classes (as jars or directories) and its libraries. */
  private static FileEntriesLayer application(Service service, List<String> classpath) throws IOException, InterruptedException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
    Path packed = Files.createTempDirectory("maproom-classes-");
    for (Path entry : service.classpath()) {
      if (Files.isDirectory(entry)) {
        // A reactor module's target/classes: packed into a jar so that one wildcard classpath covers it.
        Path jar = packed.resolve(entry.getParent().getParent().getFileName() + ".jar");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "jar").toString(), "--create", "--file", jar.toString(),
            "-C", entry.toString(), "."));
        classpath.add("/app/classes/" + jar.getFileName());
        layer.addEntry(jar, AbsoluteUnixPath.get(classpath.get(classpath.size() - 1)));
      } else {
        classpath.add("/app/libs/" + entry.getFileName());
        layer.addEntry(entry, AbsoluteUnixPath.get(classpath.get(classpath.size() - 1)));
      }
    }
    return layer.build();
  }

  /** The dynamic loader and the shared libraries the runtime needs, /etc/passwd and group, and /tmp. */
  private static FileEntriesLayer system(Path work, Path jre) throws IOException, InterruptedException {
    Set<String> libraries = new TreeSet<>();
    List<Path> natives;
    try (var files = Files.walk(jre)) {
      natives = files.filter(p -> p.getFileName().toString().endsWith(".so") || p.endsWith(Path.of("bin", "java")))
          .filter(p -> !UNUSED_NATIVE.contains(p.getFileName().toString())).toList();
    }
    for (Path so : natives) {
      for (String line : run(List.of("ldd", so.toString())).split("\n")) {
        String[] parts = line.trim().split("\\s+");
        boolean runtimeOwn = parts.length >= 3 && Path.of(parts[2]).normalize().startsWith(jre);
        if (parts.length >= 3 && parts[1].equals("=>") && parts[2].startsWith("/") && !runtimeOwn) libraries.add(parts[2]);
        if (parts.length >= 1 && parts[0].startsWith("/") && parts[0].contains("ld-linux")) libraries.add(parts[0]);
      }
    }
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("system");
    for (String library : libraries) {
      Path real = Path.of(library).toRealPath();
      layer.addEntry(real, AbsoluteUnixPath.get(library), FilePermissions.fromOctalString("755"));
    }
    Path passwd = work.resolve("passwd");
    Files.writeString(passwd, "root:x:0:0:root:/root:/sbin/nologin\nmaproom:x:10001:10001:maproom:/tmp:/sbin/nologin\n",
        StandardCharsets.UTF_8);
    Path group = work.resolve("group");
    Files.writeString(group, "root:x:0:\nmaproom:x:10001:\n", StandardCharsets.UTF_8);
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    layer.addEntry(passwd, AbsoluteUnixPath.get("/etc/passwd"));
    layer.addEntry(group, AbsoluteUnixPath.get("/etc/group"));
    layer.addEntry(tmp, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"));
    return layer.build();
  }

  /** A directory tree, keeping each file's permissions (the runtime's executables stay executable). */
  private static FileEntriesLayer tree(String name, Path source, String target) throws IOException {
    return FileEntriesLayer.builder().setName(name)
        .addEntryRecursive(source, AbsoluteUnixPath.get(target), (from, to) -> {
          try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(from));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .build();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
