package dev.gatehouse.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium ({@code chromium} and {@code chromium-driver}) driven through
 * chromedriver, with a throw-away profile, for the console's browser tests. Tests skip where it is
 * not installed ({@link #installed()}); {@code .ci/run} installs it.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final WebDriver driver;

    private HeadlessChromium(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    /** Whether Chromium is installed where Debian puts it. */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM);
    }

    /** A browser whose window is {@code width} × {@code height} pixels. */
    static HeadlessChromium start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("gatehouse-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try {
            return new HeadlessChromium(profile, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Saves what the window shows as a PNG at {@code file}. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Saves the whole page, no wider than {@code width}: the window is resized to the page's height
     * (at most {@code maxHeight}), so the image holds the page and little else.
     */
    void screenshotOfPage(Path file, int width, int maxHeight) throws IOException {
        driver.manage().window().setSize(new Dimension(width, maxHeight));
        long content = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.ceil(document.querySelector('main').getBoundingClientRect().bottom) + 24")).longValue();
        long chrome = ((Number) ((JavascriptExecutor) driver).executeScript(
                "return window.outerHeight - window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(maxHeight, content + chrome)));
        screenshot(file);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        }
    }
}
