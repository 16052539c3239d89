package org.reportonce.e2e.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver, every request sent through a
 * {@link RecordingProxy}. Paths can be overridden with {@code -Dreportonce.chromium=…} and
 * {@code -Dreportonce.chromedriver=…}. Each instance gets a fresh profile folder.
 */
final class Browser implements AutoCloseable {
    static final int WIDTH = 1280;
    static final int HEIGHT = 900;

    private static final ObjectMapper JSON = new ObjectMapper();

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    Browser(int proxyPort) {
        try {
            profile = Files.createTempDirectory("reportonce-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("reportonce.chromium", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
                // fewer of Chromium's own background calls (they are not the page's, but they cross the proxy)
                "--disable-features=OptimizationHints,OptimizationHintsFetching,OptimizationGuideModelDownloading,"
                        + "OptimizationTargetPrediction,Translate,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication",
                "--disable-client-side-phishing-detection", "--disable-component-extensions-with-background-pages",
                "--disable-domain-reliability", "--no-pings", "--metrics-recording-only", "--disable-breakpad",
                "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT,
                // every request, loopback included, goes through the recording proxy
                "--proxy-server=http://127.0.0.1:" + proxyPort, "--proxy-bypass-list=<-loopback>");
        // DevTools network events of the page and its workers, to tell the page's requests from the browser's
        options.setCapability("goog:loggingPrefs", java.util.Map.of("performance", "ALL", "browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("reportonce.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        screenshots = Path.of(System.getProperty("reportonce.screenshots", "target/screenshots"));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
        waitFor(d -> "complete".equals(js("return document.readyState")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(30), condition);
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        // the dashboards re-render their tables when data arrives: an element found a moment ago may be
        // replaced before it is read, which means "look again", not failure
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    WebElement waitVisible(String css) {
        return waitFor(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** A full-page PNG under target/screenshots (the window is stretched to the page's height). */
    Path screenshot(String name) {
        return screenshotAt(name, WIDTH);
    }

    /** The same at a phone's width (the window is narrowed, then restored). */
    Path screenshotAt(String name, int width) {
        try {
            Files.createDirectories(screenshots);
            driver.manage().window().setSize(new Dimension(width, HEIGHT));
            long height = ((Number) js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue();
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, HEIGHT), 4000)));
            js("window.scrollTo(0, 0)");
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the page is wider than the window (content that does not reflow on a phone). */
    boolean scrollsSideways() {
        return (Boolean) js("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * The URLs of every request the page (and its workers) started since the last call, from
     * Chromium's DevTools network events ({@code Network.requestWillBeSent}); draining the log.
     */
    List<String> pageRequestUrls() {
        List<String> urls = new ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry entry : driver.manage().logs().get("performance")) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return urls;
    }

    /** The page's console messages since the last call (for failure messages). */
    List<String> consoleLog() {
        List<String> out = new ArrayList<>();
        for (org.openqa.selenium.logging.LogEntry e : driver.manage().logs().get("browser")) out.add(e.getLevel() + " " + e.getMessage());
        return out;
    }

    /** One axe-core violation: rule, impact, and where. */
    record Violation(String id, String impact, String help, List<String> targets) {
        boolean seriousOrWorse() {
            return "serious".equals(impact) || "critical".equals(impact);
        }
    }

    /** Runs axe-core (WCAG 2.0–2.2 A and AA rules plus best practices) on the current page. */
    List<Violation> axe() {
        js(axeSource());
        String result = (String) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'],
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
                  .then(r => done(JSON.stringify(r.violations)))
                  .catch(e => done(JSON.stringify({ error: String(e) })));
                """);
        try {
            JsonNode node = JSON.readTree(result);
            if (node.has("error")) throw new IllegalStateException("axe-core failed: " + node.get("error").asText());
            List<Violation> out = new ArrayList<>();
            for (JsonNode v : node) {
                List<String> targets = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) targets.add(n.path("target").toString());
                out.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(), targets));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String axe;

    private static synchronized String axeSource() {
        if (axe == null) {
            try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is not on the test classpath: the e2e build fetches it with `npm pack axe-core`");
                }
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axe;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
