// Makes the classroom pictures in the README (docs/images/classroom-*.png): a real
// `scaleout cluster --classroom` on this machine's network address, three students in headless
// Chromium chatting in one room (one of them named with markup, one reading the page in Korean),
// and the teacher's terminal with the URL, the warning and the QR code. Not a test: run it by hand
// after changing the page, from the build tree's scaleout:
//   SCALEOUT_BIN=build/cli/scaleout node tests/browser/readme_screenshots.mjs [OUT_DIR]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { scaleoutBinary, spawnWatched, sleep } from "../interop/lib/harness.mjs";
import { launchChromium, openStudent, waitForMessages } from "./lib/browser.mjs";

const outDir = resolve(process.argv[2] ?? new URL("../../docs/images", import.meta.url).pathname);
mkdirSync(outDir, { recursive: true });

const cluster = spawnWatched(scaleoutBinary, ["cluster", "--servers", "3", "--classroom"]);
const browser = await launchChromium();
try {
  const url = (await cluster.waitForOutput(/classroom page at (http:\/\/\S+)/))[1];
  for (const name of ["s1", "s2", "s3"]) await cluster.waitForOutput(new RegExp(`\\[${name}\\] redis up`));
  const viewport = { width: 720, height: 760 };
  const ada = await openStudent(browser, url, { name: "Ada", room: "lobby", viewport });
  const bora = await openStudent(browser, url, { name: "보라", room: "lobby", locale: "ko-KR", viewport });
  const mallory = await openStudent(browser, url, { name: "<img src=x onerror=alert(1)>", room: "lobby", viewport });

  await ada.say("Hi everyone! Which server are you on?");
  await waitForMessages(bora, (m) => m.length >= 1, "Ada's hello");
  await bora.say("안녕하세요! 저는 다른 서버에 있어요.");
  await waitForMessages(ada, (m) => m.length >= 2, "Bora's answer");
  await mallory.say("my name is markup, but it shows as text");
  await waitForMessages(bora, (m) => m.length >= 3, "the third message");
  await ada.say("Same room, three servers: Redis carries it across.");
  await waitForMessages(bora, (m) => m.length >= 4, "the fourth message");
  await sleep(300);

  await ada.page.screenshot({ path: `${outDir}/classroom-page-en.png` });
  await bora.page.screenshot({ path: `${outDir}/classroom-page-ko.png` });

  // The teacher's terminal, as printed (no colours: dark characters are dark modules).
  const terminal = cluster.stdout().slice(cluster.stdout().indexOf("scaleout: CLASSROOM MODE"));
  const shot = await browser.newPage({ viewport: { width: 940, height: 200 } });
  await shot.setContent("<pre></pre>");
  await shot.addStyleTag({
    content: "body{margin:0;background:#fff}pre{margin:0;padding:16px;font:14px/1.0 'DejaVu Sans Mono',monospace;color:#111;white-space:pre}",
  });
  await shot.$eval("pre", (pre, text) => { pre.textContent = text; }, terminal.trimEnd());
  await shot.locator("pre").screenshot({ path: `${outDir}/classroom-terminal.png` });
  console.log(`wrote ${outDir}/classroom-page-en.png, classroom-page-ko.png, classroom-terminal.png for ${url}`);
} finally {
  await browser.close();
  await cluster.stop();
}
