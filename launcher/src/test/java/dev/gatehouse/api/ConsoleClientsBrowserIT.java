package dev.gatehouse.api;

import static dev.gatehouse.testkit.Gatehouse.ADMIN_KEY;
import static dev.gatehouse.testkit.Gatehouse.encode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's OAuth 2.0 client credentials, in real headless Chromium against the real stack: an
 * administrator picks client credentials on the SSO &amp; SCIM page, creates a client and reads its
 * secret once, which gets an access token that works for SCIM; adds a secret and revokes the first,
 * sets a federated credential with the Entra ID directory's defaults, sees a secret expiring within 30
 * days flagged, and deletes the client, whose access token is then refused. Skipped only where
 * Chromium is not installed.
 */
class ConsoleClientsBrowserIT {
    @RegisterExtension
    static final ConsoleOnStack console = new ConsoleOnStack(TestStack.perClass().withOrganization("Console Clients Corp"), 1280, 1600);
    private final TestStack stack = console.stack();
    private final HeadlessChromium chromium = console.chromium();
    private final WebDriver driver = chromium.driver();
    private final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

    @Test
    void anAdministratorManagesClientCredentialsAndSeesEachSecretOnce() {
        String org = stack.organization().id();
        String directoryId = TestHttp.json(stack.admin("GET", "/admin/v1/tenants/" + org, null)).path("sso").path("directoryId").asText();
        driver.get(stack.base() + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-key"))).sendKeys(ADMIN_KEY);
        driver.findElement(By.id("signin-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("org-rows")));
        driver.get(stack.base() + "/console#/orgs/" + org + "/sso");

        // The organization has a Secret Token and no client: the token flow shows first, as before.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("generate-token")));
        assertThat(driver.findElement(By.id("oauth-panel")).isDisplayed()).isFalse();
        chooseClientCredentials();
        assertThat(driver.findElement(By.id("token-panel")).isDisplayed()).isFalse();
        wait.until(d -> d.findElement(By.id("oauth-token-url")).getAttribute("value").equals(stack.base() + "/oauth2/token"));
        assertThat(driver.findElement(By.id("oauth-scim-url")).getAttribute("value")).isEqualTo(stack.base() + "/scim/v2");
        assertThat(driver.findElement(By.id("clients-empty")).isDisplayed()).isTrue();

        // Create a client: its secret is shown once, with the warning and a copy button.
        driver.findElement(By.id("client-name")).sendKeys("Entra <provisioning>");
        driver.findElement(By.id("client-create")).click();
        WebElement secretField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
        wait.until(d -> !secretField.getAttribute("value").isEmpty());
        String secret = secretField.getAttribute("value");
        String clientId = driver.findElement(By.id("new-client-id")).getText();
        String firstSecretId = driver.findElement(By.id("new-secret-id")).getText();
        assertThat(driver.findElement(By.id("secret-warning")).getText()).contains("won't be shown again");
        driver.findElement(By.id("copy-secret")).click();
        wait.until(ExpectedConditions.textToBe(By.id("copy-secret"), "Copied"));

        // It is listed, by its name (as text, not markup) and its one valid secret, never the secret's value.
        WebElement client = wait.until(ExpectedConditions.presenceOfElementLocated(clientBlock(clientId)));
        assertThat(client.findElement(By.className("client-name")).getText()).isEqualTo("Entra <provisioning>");
        assertThat(secretRows(clientId)).hasSize(1);
        assertThat(client.findElement(By.cssSelector("tr[data-secret='" + firstSecretId + "']")).getText())
                .contains("never").contains("Valid");
        assertThat(client.getText()).doesNotContain(secret);

        // The secret gets an access token that works for SCIM.
        String accessToken = stack.gatehouse().accessToken(clientId, secret);
        assertThat(stack.scim("GET", "/Users", accessToken, null).statusCode()).isEqualTo(200);

        // After a reload the secret is nowhere in the page or the browser's storage; the client still is.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(clientBlock(clientId)));
        assertThat(driver.findElement(By.id("secret-box")).isDisplayed()).isFalse();
        assertThat(driver.getPageSource()).doesNotContain(secret);
        Object storage = ((JavascriptExecutor) driver).executeScript(
                "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        assertThat(String.valueOf(storage)).doesNotContain(secret);
        chooseClientCredentials();

        // Add a second secret: shown once; a client holds two at most.
        driver.findElement(clientPart(clientId, ".add-secret")).click();
        wait.until(d -> d.findElement(By.id("secret-box")).isDisplayed()
                && !d.findElement(By.id("new-secret-id")).getText().equals(firstSecretId));
        String secondSecret = driver.findElement(By.id("secret-value")).getAttribute("value");
        assertThat(secondSecret).isNotEmpty().isNotEqualTo(secret);
        wait.until(d -> secretRows(clientId).size() == 2);
        assertThat(driver.findElement(clientPart(clientId, ".add-secret")).isEnabled()).isFalse();

        // Revoke the first secret (after a confirmation): it gets no more tokens, the second does.
        driver.findElement(clientPart(clientId, "tr[data-secret='" + firstSecretId + "'] .revoke-secret")).click();
        driver.switchTo().alert().accept();
        wait.until(d -> secretRows(clientId).size() == 1);
        assertThat(driver.findElements(clientPart(clientId, "tr[data-secret='" + firstSecretId + "']"))).isEmpty();
        stack.gatehouse().assertTokenRefused(clientId, secret);
        String secondAccessToken = stack.gatehouse().accessToken(clientId, secondSecret);

        // A federated credential: issuer and JWKS URI come prefilled from the Entra ID directory.
        driver.findElement(clientPart(clientId, ".edit-federation")).click();
        assertThat(driver.findElement(clientPart(clientId, ".fed-issuer")).getAttribute("value"))
                .isEqualTo("https://login.microsoftonline.com/" + directoryId + "/v2.0");
        assertThat(driver.findElement(clientPart(clientId, ".fed-jwks")).getAttribute("value"))
                .isEqualTo("https://login.microsoftonline.com/" + directoryId + "/discovery/v2.0/keys");
        driver.findElement(clientPart(clientId, ".fed-subject")).sendKeys("11111111-2222-3333-4444-555555555555");
        driver.findElement(clientPart(clientId, ".fed-audience")).sendKeys("api://AzureADTokenExchange");
        driver.findElement(clientPart(clientId, ".save-federation")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(clientPart(clientId, ".federation-facts"),
                "11111111-2222-3333-4444-555555555555"));
        JsonNode federation = TestHttp.json(stack.admin("GET", "/admin/v1/tenants/" + org + "/scim/clients/" + clientId, null))
                .path("federation");
        assertThat(federation.path("issuer").asText()).isEqualTo("https://login.microsoftonline.com/" + directoryId + "/v2.0");
        assertThat(federation.path("audience").asText()).isEqualTo("api://AzureADTokenExchange");

        // A client whose secret expires within 30 days is flagged.
        driver.findElement(By.id("client-name")).sendKeys("Short-lived");
        driver.findElement(By.id("client-days")).sendKeys("10");
        driver.findElement(By.id("client-create")).click();
        wait.until(d -> !d.findElement(By.id("new-client-id")).getText().equals(clientId));
        String shortLived = driver.findElement(By.id("new-client-id")).getText();
        wait.until(ExpectedConditions.presenceOfElementLocated(clientBlock(shortLived)));
        assertThat(driver.findElement(clientPart(shortLived, ".secret-expiring")).getText()).contains("expires within 30 days");
        assertThat(driver.findElement(clientPart(shortLived, "tr[data-secret]")).getText()).contains("Expires within 30 days");
        assertThat(driver.findElements(clientPart(clientId, ".secret-expiring"))).isEmpty();

        // Delete the first client: dismissing the confirmation keeps it; accepting deletes it, and its
        // access token is refused.
        driver.findElement(clientPart(clientId, ".delete-client")).click();
        driver.switchTo().alert().dismiss();
        assertThat(driver.findElements(clientBlock(clientId))).hasSize(1);
        driver.findElement(clientPart(clientId, ".delete-client")).click();
        driver.switchTo().alert().accept();
        wait.until(ExpectedConditions.numberOfElementsToBe(clientBlock(clientId), 0));
        assertThat(stack.scim("GET", "/Users", secondAccessToken, null).statusCode()).isEqualTo(401);
        assertThat(stack.scim("GET", "/Users", accessToken, null).statusCode()).isEqualTo(401);
        assertThat(driver.findElements(clientBlock(shortLived))).hasSize(1);
        assertThat(driver.getPageSource()).doesNotContain(secret).doesNotContain(secondSecret);
    }

    private void chooseClientCredentials() {
        driver.findElement(By.cssSelector("label.choice:has(#auth-oauth)")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("oauth-panel")));
    }

    private static By clientBlock(String clientId) {
        return By.cssSelector("[data-client='" + clientId + "']");
    }

    private static By clientPart(String clientId, String css) {
        return By.cssSelector("[data-client='" + clientId + "'] " + css);
    }

    private List<WebElement> secretRows(String clientId) {
        return driver.findElements(clientPart(clientId, "tr[data-secret]"));
    }
}
