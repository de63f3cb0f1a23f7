// Makes the README's pictures of a lesson's question (docs/images/question-*.png): the window
// (`scaleout gui --classroom 3` under Xvfb at 1600x900, driven through --control-stdin) asks
// lesson 3's question, six students in headless Chromium answer (one of them on a phone-sized
// page), and the window is saved with its tally live, beside the phone's page; in English, then
// in Korean, and the Korean window once more after the step, with the answer shown
// (question-revealed-ko.png, not in the README). Not a test: run it by hand after changing the
// card or the page, from the build tree's scaleout:
//   SCALEOUT_BIN=build/cli/scaleout node tests/browser/readme_questions.mjs [OUT_DIR]
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { scaleoutBinary, sleep } from "../interop/lib/harness.mjs";
import { launchChromium, openStudent, waitForQuestion } from "./lib/browser.mjs";
import { openWindow } from "./lib/window.mjs";

const outDir = resolve(process.argv[2] ?? new URL("../../docs/images", import.meta.url).pathname);
mkdirSync(outDir, { recursive: true });

const students = [
  { name: "Ada", choice: 0 },
  { name: "Bora", choice: 0, locale: "ko-KR" },
  { name: "Chidi", choice: 1 },
  { name: "Dana", choice: 0 },
  { name: "<b>Eve</b>", choice: 2 },
];
const phone = { width: 390, height: 844 };

async function shoot(language) {
  const locale = language === "ko" ? "ko-KR" : "en-US";
  const window = openWindow(scaleoutBinary, ["--classroom", "--classroom-address", "127.0.0.1", "--lang", language, "3"]);
  const browser = await launchChromium();
  try {
    const url = (await window.waitForOutput(/classroom page at (http:\/\/\S+)/))[1];
    await window.summaryWhen((s) => s.question?.state === "asking", "lesson 3's question", 120000);
    const pages = [];
    for (const student of students) {
      pages.push(await openStudent(browser, url, { name: student.name, room: "lobby", locale: student.locale ?? locale }));
    }
    const mine = await openStudent(browser, url, { name: language === "ko" ? "지우" : "Jamie", room: "lobby", locale, viewport: phone });
    for (const page of [...pages, mine]) await waitForQuestion(page.page, "open");
    for (let i = 0; i < students.length; ++i) await pages[i].answer(students[i].choice);
    await mine.answer(0);
    await window.summaryWhen((s) => s.question.tally.votes === students.length + 1, "every vote in the window");
    await sleep(600);  // the bars and the dots settle
    window.send(`screenshot ${outDir}/question-window-${language}.png`);
    await window.waitForOutput(new RegExp(`saved .*question-window-${language}\\.png`));
    await mine.page.screenshot({ path: `${outDir}/question-phone-${language}.png` });
    if (language === "ko") {
      window.send("continue");
      await waitForQuestion(mine.page, "revealed", 60000);
      await window.summaryWhen((s) => s.question.state === "revealed", "the answer");
      await sleep(600);
      window.send(`screenshot ${outDir}/question-revealed-ko.png`);
      await window.waitForOutput(/saved .*question-revealed-ko\.png/);
      await mine.page.screenshot({ path: `${outDir}/question-phone-revealed-ko.png` });
    }
  } finally {
    await browser.close();
    await window.close();
  }
}

await shoot("en");
await shoot("ko");
console.log(`wrote question-*.png in ${outDir}`);
