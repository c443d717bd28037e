package dev.gatehouse.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.launcher.TestStack;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A console browser test's stack and browser, for a test class to register
 * ({@code @RegisterExtension static final ConsoleOnStack console = ...}): the stack starts, then headless
 * Chromium with a window of the given size; after the class's last test the browser closes, then the
 * stack. The class is skipped where Chromium is not installed.
 */
final class ConsoleOnStack implements BeforeAllCallback, AfterAllCallback {
    private final TestStack stack;
    private final int width;
    private final int height;
    private HeadlessChromium chromium;

    ConsoleOnStack(TestStack stack, int width, int height) {
        this.stack = stack;
        this.width = width;
        this.height = height;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeTrue(HeadlessChromium.installed(), "Chromium is not installed (apt-get install chromium chromium-driver)");
        stack.started();
        chromium = HeadlessChromium.start(width, height);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            stack.close();
        }
    }

    TestStack stack() {
        return stack;
    }

    HeadlessChromium chromium() {
        return chromium;
    }
}
