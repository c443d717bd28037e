package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.pipeline.config.ConfigKeys;
import dev.gatehouse.scim.ScimJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console pages docs/entra-id.md shows, walked through as an administrator connecting Entra ID
 * does it, on the whole stack (door simulator and access-sync included), each checked and saved to
 * {@code target/screenshots/}: the organizations, the SSO &amp; SCIM page with SCIM on and the new
 * token shown once, the provisioning activity with every door system up to date, the audit log, and the
 * SCIM card with OAuth 2.0 client credentials: a client and its new secret. In the saved images the
 * token's secret part and the client secret are masked, so no secret reaches the docs.
 * Skipped only where Chromium is not installed.
 */
class ConsoleScreenshotsIT {
    private static final Path DIR = Path.of("target", "screenshots");
    private static final int WIDTH = 1100;
    private static final int MAX_HEIGHT = 1300;
    /** What a deployment behind its TLS proxy shows as the Tenant URL's base. */
    private static final String PUBLIC_URL = "https://gatehouse.contoso.example";

    @RegisterExtension
    static final ConsoleOnStack console = new ConsoleOnStack(
            TestStack.perClass(Map.of(ConfigKeys.PUBLIC_URL, PUBLIC_URL)).withDoors(), WIDTH, MAX_HEIGHT);
    private final TestStack stack = console.stack();
    private final HeadlessChromium chromium = console.chromium();
    private final WebDriver driver = chromium.driver();

    @Test
    void theConsolePagesOfTheEntraSetUpShowWhatTheyDescribe() throws IOException {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        stack.newTenant("Fabrikam");
        stack.newTenant("Northwind Traders");

        // Step 1: sign in; the organizations.
        driver.get(stack.base() + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key"))).sendKeys(ADMIN_KEY);
        driver.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("org-rows"), "Northwind Traders"));
        assertThat(driver.findElement(By.id("org-rows")).getText()).contains("Fabrikam");
        chromium.screenshotOfPage(DIR.resolve("console-organizations.png"), WIDTH, MAX_HEIGHT);

        // Step 2: a new organization, its SSO configuration, SCIM on, a token shown once.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-org-name"))).sendKeys("Contoso");
        driver.findElement(By.id("new-org-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("org-name"), "Contoso"));
        driver.findElement(By.id("sso-directory")).sendKeys("3f2b8c1e-5a4d-4e7b-9c1f-2a6d8e0b4c7a");
        driver.findElement(By.id("sso-domains")).sendKeys("contoso.example");
        driver.findElement(By.id("sso-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sso-state"), "Saved"));
        driver.findElement(By.cssSelector("label[for=scim-enabled]")).click();
        driver.findElement(By.id("scim-save")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate-token"))).click();
        wait.until(d -> d.findElement(By.id("token-value")).getAttribute("value").startsWith("gh_scim_"));
        String token = driver.findElement(By.id("token-value")).getAttribute("value");
        assertThat(driver.findElement(By.id("tenant-url")).getAttribute("value")).isEqualTo(PUBLIC_URL + "/scim/v2");
        assertThat(driver.findElement(By.id("token-warning")).getText()).contains("won't be shown again");
        ((JavascriptExecutor) driver).executeScript(
                "document.getElementById('token-value').value = arguments[0]", "gh_scim_" + "\u2022".repeat(43));
        chromium.screenshotOfPage(DIR.resolve("console-sso-scim.png"), WIDTH, MAX_HEIGHT);

        // Step 3: Entra provisions with the token: two users (one with metadata), a group, a disable.
        String alice = create("/Users", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice@contoso.example",
                 "active":true,"displayName":"Alice Smith","metadata":{"city":"Berlin"}}""");
        String bob = create("/Users", token, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob@contoso.example",
                 "active":true,"displayName":"Bob Jones"}""");
        create("/Groups", token, "{\"displayName\":\"Engineering\",\"members\":[{\"value\":\"" + alice + "\"},{\"value\":\""
                + bob + "\"}]}");
        HttpResponse<String> disabled = stack.scim("PATCH", "/Users/" + bob, token, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"}]}""");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(204);

        // Step 4: the provisioning activity, once every door system has applied every user (and the
        // token's notice has gone).
        driver.findElement(By.id("tab-activity")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("flash")));
        wait.until(d -> {
            d.findElement(By.id("activity-refresh")).click();
            String doors = d.findElement(By.id("doors-rows")).getText();
            return doors.contains("bob@contoso.example") && doors.contains("alice@contoso.example")
                    && !doors.contains("pending");
        });
        assertThat(driver.findElement(By.id("activity-rows")).getText()).contains("create").contains("update");
        chromium.screenshotOfPage(DIR.resolve("console-activity.png"), WIDTH, MAX_HEIGHT);

        // Step 5: the audit log names every change and who made it, never the token.
        driver.findElement(By.id("tab-audit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-rows"), "token.generate"));
        assertThat(driver.findElement(By.id("audit-rows")).getText()).contains("scim.enable").contains("console");
        assertThat(driver.getPageSource()).doesNotContain(token);
        chromium.screenshotOfPage(DIR.resolve("console-audit.png"), WIDTH, MAX_HEIGHT);

        // Step 6: OAuth 2.0 client credentials instead of the token: a client and its secret, shown once
        // (masked in the image), beside the Token URL and SCIM URL.
        driver.findElement(By.id("tab-sso")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sso-form")));
        driver.findElement(By.cssSelector("label.choice:has(#auth-oauth)")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("client-create")));
        driver.findElement(By.id("client-name")).sendKeys("Entra ID provisioning");
        driver.findElement(By.id("client-create")).click();
        wait.until(d -> !d.findElement(By.id("secret-value")).getAttribute("value").isEmpty());
        String secret = driver.findElement(By.id("secret-value")).getAttribute("value");
        String clientId = driver.findElement(By.id("new-client-id")).getText();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-client='" + clientId + "']"), "Valid"));
        assertThat(driver.findElement(By.id("oauth-token-url")).getAttribute("value")).isEqualTo(PUBLIC_URL + "/oauth2/token");
        assertThat(driver.findElement(By.id("oauth-scim-url")).getAttribute("value")).isEqualTo(PUBLIC_URL + "/scim/v2");
        assertThat(driver.findElement(By.id("secret-warning")).getText()).contains("won't be shown again");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("flash")));
        ((JavascriptExecutor) driver).executeScript(
                "document.getElementById('secret-value').value = arguments[0]", "\u2022".repeat(secret.length()));
        driver.manage().window().setSize(new Dimension(WIDTH, MAX_HEIGHT));
        WebElement scimCard = driver.findElement(By.id("oauth-panel")).findElement(By.xpath("ancestor::section[1]"));
        Files.createDirectories(DIR);
        Files.copy(scimCard.getScreenshotAs(OutputType.FILE).toPath(), DIR.resolve("console-scim-clients.png"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(driver.getPageSource()).doesNotContain(secret);
    }

    private String create(String path, String token, String body) throws JsonProcessingException {
        HttpResponse<String> created = stack.scim("POST", path, token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ScimJson.mapper().readTree(created.body()).path("id").asText();
    }
}
