package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console driven by real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the real stack: sign in, create an organization, set up SSO, enable
 * SCIM, generate a token and read it once, use it, disable SCIM, see it refused, and find it nowhere
 * after a reload. Skipped only where Chromium is not installed.
 */
class ConsoleBrowserIT {
    private static final Path SCREENSHOT = Path.of("target", "screenshots", "sso-scim.png");

    @RegisterExtension
    static final ConsoleOnStack console = new ConsoleOnStack(TestStack.perClass(), 1280, 1450);
    private final TestStack stack = console.stack();
    private final HeadlessChromium chromium = console.chromium();
    private final WebDriver driver = chromium.driver();

    @Test
    void anAdministratorConnectsEntraIdAndTheTokenIsShownOnlyOnce() throws IOException {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.get(stack.base() + "/console");

        // Sign in with the admin key.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key"))).sendKeys(ADMIN_KEY);
        driver.findElement(By.id("signin-submit")).click();

        // Create an organization: the console opens its SSO & SCIM page.
        String name = "Browser Org " + UUID.randomUUID().toString().substring(0, 6);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-org-name"))).sendKeys(name);
        driver.findElement(By.id("new-org-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("org-name"), name));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sso-form")));
        assertThat(driver.findElement(By.id("tenant-url")).getAttribute("value")).isEqualTo(stack.base() + "/scim/v2");
        assertThat(driver.findElement(By.id("generate-token")).isEnabled()).isFalse();

        // SCIM before SSO is refused with the reason.
        toggleScim();
        driver.findElement(By.id("scim-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "single sign-on"));
        assertThat(driver.findElement(By.id("scim-enabled")).isSelected()).isFalse();

        // Set up SSO, then enable SCIM.
        driver.findElement(By.id("sso-directory")).sendKeys(UUID.randomUUID().toString());
        driver.findElement(By.id("sso-domains")).sendKeys("b" + UUID.randomUUID().toString().substring(0, 8) + ".example.com");
        driver.findElement(By.id("sso-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sso-state"), "Saved"));
        toggleScim();
        driver.findElement(By.id("scim-save")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate-token")));

        // Generate the token: shown once, with a copy button and the warning.
        driver.findElement(By.id("generate-token")).click();
        WebElement tokenField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-value")));
        wait.until(d -> tokenField.getAttribute("value").startsWith("gh_scim_"));
        String token = tokenField.getAttribute("value");
        assertThat(driver.findElement(By.id("token-warning")).getText()).contains("won't be shown again");
        driver.findElement(By.id("copy-token")).click();
        wait.until(ExpectedConditions.textToBe(By.id("copy-token"), "Copied"));
        chromium.screenshot(SCREENSHOT);

        // The token works for SCIM.
        HttpResponse<String> created = stack.scim("POST", "/Users", token, "{\"userName\":\"browser@console.test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // Disable SCIM: the same call is refused.
        toggleScim();
        driver.findElement(By.id("scim-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scim-hint"), "SCIM is disabled"));
        assertThat(driver.findElement(By.id("token-box")).isDisplayed()).isFalse();
        assertThat(stack.scim("POST", "/Users", token, "{\"userName\":\"again@console.test\"}").statusCode()).isEqualTo(401);

        // Reload: the token is nowhere, not in the page, the browser's storage or its cookies.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("org-name"), name));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("scim-hint"), "SCIM is disabled"));
        assertThat(driver.getPageSource()).doesNotContain(token);
        assertThat(driver.findElement(By.id("token-value")).getAttribute("value")).isEmpty();
        Object storage = ((JavascriptExecutor) driver).executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        assertThat(String.valueOf(storage)).doesNotContain(token).doesNotContain("gh_console");
        assertThat(driver.manage().getCookies().toString()).doesNotContain(token);

        // The activity and audit views show what happened.
        driver.findElement(By.id("tab-activity")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("activity-rows"), "create"));
        driver.findElement(By.id("tab-audit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-rows"), "token.generate"));
        assertThat(driver.findElement(By.id("audit-rows")).getText()).contains("scim.disable").contains("console");
        assertThat(driver.getPageSource()).doesNotContain(token);

        // The deployment-wide audit log shows the sign-in; signing out ends the session.
        driver.findElement(By.cssSelector("[data-nav=audit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-rows"), "console.sign-in"));
        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key")));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key")));
        assertThat(driver.findElements(By.id("org-rows"))).as("signed out stays signed out").isEmpty();
    }

    /** The switch's checkbox is visually replaced; a person clicks its label. */
    private void toggleScim() {
        driver.findElement(By.cssSelector("label[for=scim-enabled]")).click();
    }
}
