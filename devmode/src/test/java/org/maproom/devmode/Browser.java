package org.maproom.devmode;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian chromium, driven by Debian's chromedriver (always the same version, so Selenium Manager is never
 * asked to download anything). Each browser has its own empty profile: its own cookies, so its own reader.
 */
final class Browser implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  final ChromeDriver driver;
  private final Path profile;

  private Browser(boolean javascript) {
    try {
      profile = Files.createTempDirectory("maproom-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-quic",
        "--user-data-dir=" + profile, "--window-size=1280,1000",
        // Headless chromium says so in its user agent, and maproom does not count bots: these browsers are readers.
        "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    if (!javascript) options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  static Browser start() {
    return new Browser(true);
  }

  static Browser withoutJavaScript() {
    return new Browser(false);
  }

  Browser open(String url) {
    driver.get(url);
    return this;
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text(String css) {
    return find(css).getText();
  }

  void type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
  }

  /** Waits until {@code css} shows {@code text} (live updates arrive within seconds, never at once). */
  void waitForText(String css, String text) {
    waitUntil(css + " shows \"" + text + "\"", d -> {
      var found = d.findElements(By.cssSelector(css));
      return !found.isEmpty() && found.get(0).getText().contains(text);
    });
  }

  void waitFor(String css) {
    waitUntil(css, d -> !d.findElements(By.cssSelector(css)).isEmpty());
  }

  /**
   * On timeout, says where the browser was and what it showed, so a failure can be read from the report. An element
   * found on the page that a click is just replacing goes stale before it is read (a form's POST and redirect): that
   * is "not yet", and the condition is asked again of the new page.
   */
  private void waitUntil(String what, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(driver, PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      String body = driver.findElement(By.tagName("body")).getText();
      throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what + " at " + driver.getCurrentUrl()
          + "; the page showed: " + body.substring(0, Math.min(1500, body.length())) + "; console: " + consoleErrors());
    }
  }

  /** Runs one of the accessibility checks in a11y.js (test resources) on the page open now, and returns its answer. */
  Object accessibility(String check) {
    try (var in = Browser.class.getResourceAsStream("/a11y.js")) {
      String script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return driver.executeScript(script + "\nreturn " + check + "();");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Presses Tab once, as a keyboard user moves to the next control. */
  void tab() {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(org.openqa.selenium.Keys.TAB).perform();
  }

  /** Errors the page's console reported (a CSP refusal among them). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** A full-page screenshot at {@code width} px, saved as a test artifact in target/screenshots/. */
  Path screenshot(String name, int width) throws IOException {
    driver.manage().window().setSize(new Dimension(width, 1000));
    long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 100, 8000)));
    Path file = Path.of("target", "screenshots", name + "-" + width + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1280, 1000));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
