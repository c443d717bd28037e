package dev.gatehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.launcher.TestStack;
import dev.gatehouse.testkit.Gatehouse;
import dev.gatehouse.testkit.TestHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Organization sign-in in real headless Chromium against the whole stack and a real OpenID Connect
 * provider (mock-oauth2-server, non-interactive): an owner signs in with their organization, lands on
 * it, enables SCIM and generates a token, and is refused another organization; a viewer sees their
 * organization without a single change control; a person the organization does not list gets the
 * refusal page. The owner also answers "why can't Alice open the door?": finds her among the people,
 * reads her state and timeline (her SCIM writes and the door system's pushes), and looks at the
 * organization's provisioning health. Saves {@code target/screenshots/member-console.png},
 * {@code person.png} and {@code provisioning-health.png}.
 */
class MemberConsoleBrowserIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path SCREENSHOT = SCREENSHOTS.resolve("member-console.png");
    private static final String OWNER = "owner@member-console.example";
    private static final String VIEWER = "viewer@member-console.example";

    @RegisterExtension
    static final ConsoleOnStack console = new ConsoleOnStack(TestStack.perClass().withDoors(), 1280, 1200);
    private static OrganizationIdp idp;
    private final TestStack stack = console.stack();
    private final WebDriver driver = console.chromium().driver();
    private final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

    @BeforeAll
    static void provider() {
        idp = new OrganizationIdp();
    }

    @AfterAll
    static void stopProvider() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void membersSeeOnlyTheirOrganizationAndViewersChangeNothing() throws IOException {
        String name = "Member Org " + UUID.randomUUID().toString().substring(0, 6);
        String org = idp.organization(stack, name, Map.of(OWNER, "owner", VIEWER, "viewer"));
        String other = stack.newTenant("Someone else " + UUID.randomUUID()).id();
        assertThat(stack.admin("PUT", "/admin/v1/tenants/" + org + "/scim", "{\"enabled\":false}").statusCode()).isEqualTo(200);

        // The owner signs in with the organization and lands on it, without the operator's controls.
        signIn(org, OWNER);
        wait.until(ExpectedConditions.textToBe(By.id("org-name"), name));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), OWNER + " · owner"));
        assertThat(driver.findElement(By.cssSelector("[data-nav=orgs]")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.cssSelector("[data-nav=audit]")).isDisplayed()).isFalse();

        // Enables SCIM and generates a token.
        driver.findElement(By.cssSelector("label[for=scim-enabled]")).click();
        driver.findElement(By.id("scim-save")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("generate-token"))).click();
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-value")));
        wait.until(d -> token.getAttribute("value").startsWith("gh_scim_"));
        console.chromium().screenshot(SCREENSHOT);

        // The identity provider provisions Alice into a group and then disables her.
        String scimToken = token.getAttribute("value");
        String alice = TestHttp.json(stack.scim("POST", "/Users", scimToken, "{\"userName\":\"alice@member-console.example\","
                + "\"displayName\":\"Alice Example\",\"metadata\":{\"city\":\"Berlin\"}}")).path("id").asText();
        assertThat(stack.scim("POST", "/Groups", scimToken, "{\"displayName\":\"Lobby\",\"members\":[{\"value\":\""
                + alice + "\"}]}").statusCode()).isEqualTo(201);
        assertThat(stack.scim("PATCH", "/Users/" + alice, scimToken,
                Gatehouse.patchBody("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]")).statusCode()).isEqualTo(204);

        // The owner finds her and reads why she cannot open a door: disabled, and every step on the timeline.
        driver.findElement(By.id("tab-people")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("people-search"))).sendKeys("alice@member");
        driver.findElement(By.id("people-submit")).click();
        // The rows are redrawn when the search answers: click her link in whichever list is shown.
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("tr[data-user='" + alice + "'] a")).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("person-name"), "Alice Example"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("person-verdict"), "Disabled"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("person-facts"), "Lobby"));
        // The door system's pushes arrive a moment later: refresh until they show (the rows are redrawn meanwhile).
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(d -> {
            String timeline = d.findElement(By.id("timeline-rows")).getText();
            if (timeline.contains("changed active") && timeline.contains("Pushed to") && timeline.contains("of Groups/")) {
                return true;
            }
            d.findElement(By.id("person-refresh")).click();
            return false;
        });
        assertThat(driver.findElement(By.id("timeline-rows")).getText()).contains("SCIM create").contains("applied")
                .doesNotContain("Berlin");
        hideFlash();
        console.chromium().screenshotOfPage(SCREENSHOTS.resolve("person.png"), 1280, 1600);

        // Provisioning health: the identity provider's calls and the door system.
        driver.findElement(By.id("tab-health")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("health-idp"), "calls"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#health-doors tr")));
        console.chromium().screenshotOfPage(SCREENSHOTS.resolve("provisioning-health.png"), 1280, 1600);

        // Another organization is refused.
        driver.get(stack.base() + "/console#/orgs/" + other + "/sso");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "only their own organization"));
        signOut();

        // A viewer sees the organization and no change control.
        signIn(org, VIEWER);
        wait.until(ExpectedConditions.textToBe(By.id("org-name"), name));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "viewer"));
        wait.until(d -> !d.findElement(By.id("sso-domains")).isEnabled());
        for (String control : new String[] {"sso-save", "scim-save", "generate-token", "client-create"}) {
            assertThat(driver.findElement(By.id(control)).isDisplayed()).as(control).isFalse();
        }
        driver.findElement(By.id("tab-members")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("member-rows"), OWNER));
        assertThat(driver.findElement(By.id("member-add")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector(".remove-member")).stream().noneMatch(WebElement::isDisplayed)).isTrue();
        // ... may search people and read health, but not redrive.
        driver.findElement(By.id("tab-people")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("people-search"))).sendKeys("alice");
        driver.findElement(By.id("people-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("people-rows"), "alice@member-console.example"));
        driver.findElement(By.id("tab-health")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#health-doors tr")));
        assertThat(driver.findElements(By.cssSelector(".redrive")).stream().noneMatch(WebElement::isDisplayed)).isTrue();
        signOut();

        // Someone the organization does not list gets the refusal page.
        signIn(org, "stranger@member-console.example");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("refusal"), "not a member of this organization's console"));
    }

    /** The last notice would cover the page's head in a screenshot. */
    private void hideFlash() {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('flash').hidden = true");
    }

    private void signIn(String org, String email) {
        driver.get(stack.base() + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("org-signin-id"))).sendKeys(org);
        idp.nextSignIn(email);
        driver.findElement(By.id("org-signin-submit")).click();
    }

    private void signOut() {
        driver.get(stack.base() + "/console");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("signout"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("org-signin-id")));
    }
}
