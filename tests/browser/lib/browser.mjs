// Headless Chromium for the classroom page's tests: Debian's /usr/bin/chromium driven by
// playwright-core (which never downloads a browser of its own). Playwright starts it with a fresh
// temporary --user-data-dir; the flags below keep it off the network it has no business with.
// Each student gets a browser context of its own: its own cookies and storage, as separate
// laptops would have.
import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const flags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: flags });
}

// Opens the page at `url` as a student, joins `room` as `name`, and resolves once the page says
// it is in the room. `problems` collects dialogs (an alert would mean markup ran) and errors.
export async function openStudent(browser, url, { name, room, locale = "en-US", viewport } = {}) {
  const context = await browser.newContext({ locale, viewport: viewport ?? { width: 760, height: 680 } });
  const page = await context.newPage();
  const problems = [];
  page.on("dialog", async (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.fill("#name", name);
  await page.fill("#room", room);
  await page.click("#join button[type=submit]");
  await waitForState(page, "joined");
  return {
    page,
    context,
    problems,
    server: () => page.textContent("#me-server"),
    say: async (text) => {
      await page.fill("#text", text);
      await page.press("#text", "Enter");
    },
    messages: () => messagesOn(page),
    notes: () => page.$$eval("#messages li.note", (items) => items.map((item) => item.dataset.note)),
    // Taps choice `index` (0-based) of the question on show and waits for the server's ack.
    answer: async (index) => {
      await page.click(`#choices button[data-choice="${index}"]`);
      await page.waitForFunction((i) => document.querySelector(`#choices button[data-choice="${i}"]`)
        ?.classList.contains("chosen"), index, { timeout: 10000 });
    },
    question: () => questionOn(page),
    close: () => context.close(),
  };
}

// The teacher's question as the page shows it: its state, text, choices and what it says.
export function questionOn(page) {
  return page.$eval("#question", (card) => ({
    hidden: card.hidden,
    state: card.dataset.state,
    id: card.dataset.id,
    text: card.querySelector("#question-text").textContent,
    choices: [...card.querySelectorAll("#choices button")].map((button) => ({
      text: button.querySelector(".choice-text").textContent,
      chosen: button.classList.contains("chosen"),
      right: button.classList.contains("right"),
      disabled: button.disabled,
    })),
    says: card.querySelector("#question-state").textContent,
    explanation: card.querySelector("#question-explain").hidden ? "" : card.querySelector("#question-explain").textContent,
  }));
}

export function waitForQuestion(page, state, timeout = 15000) {
  return page.waitForFunction((wanted) => document.querySelector("#question")?.dataset.state === wanted, state, { timeout });
}

export function waitForState(page, state, timeout = 15000) {
  return page.waitForFunction((wanted) => document.querySelector("#chat")?.dataset.state === wanted, state, { timeout });
}

// The messages a page shows, read back from the DOM as the student sees them.
export function messagesOn(page) {
  return page.$$eval("#messages li.message", (items) =>
    items.map((item) => ({
      name: item.querySelector(".name").textContent,
      text: item.querySelector(".text").textContent,
      route: item.querySelector(".route").textContent,
      mid: item.dataset.mid,
      server: item.dataset.server,
      crossed: item.classList.contains("crossed"),
    })));
}

// Resolves with the messages once `predicate(messages)` holds; rejects after `timeoutMs`.
export async function waitForMessages(student, predicate, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await student.messages();
    if (predicate(messages)) return messages;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the page shows ${JSON.stringify(messages)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
