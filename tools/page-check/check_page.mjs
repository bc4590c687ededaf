// Render a page kpi-workbook publish wrote in Debian's Chromium, run axe-core on it, and
// save what a person should look at: a screenshot at a desktop screen size, one at the
// size of an A4 landscape page with the print style sheet applied, and the printed PDF.
//
//   node check_page.mjs PAGE.html OUTDIR
//
// Prints one JSON document: {"violations": [...], "passes": N, "incomplete": [...],
// "files": {...}}. Exit status 0 when it ran (violations are for the caller to judge).
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const [page_path, outdir] = process.argv.slice(2);
if (!page_path || !outdir) {
  console.error("usage: node check_page.mjs PAGE.html OUTDIR");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
// As root and on a closed network (see the machine notes): no sandbox, no background
// connections that the network refuses.
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 },
                                             locale: "ja-JP" });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(path.resolve(page_path)).href, { waitUntil: "load" });
  const files = {
    screen: path.join(outdir, "screen-1366.png"),
    print: path.join(outdir, "print-a4-landscape.png"),
    pdf: path.join(outdir, "print.pdf"),
  };
  await page.screenshot({ path: files.screen, fullPage: true });

  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return await axe.run(document, {
      runOnly: { type: "tag",
                 values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations", "incomplete"],
    });
  });

  // Print: A4 landscape is 297 × 210 mm, 1123 × 794 CSS pixels at 96 dpi.
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: 1123, height: 794 });
  await page.screenshot({ path: files.print, fullPage: false });
  await page.pdf({ path: files.pdf, preferCSSPageSize: true, printBackground: true });

  const brief = (r) => ({
    id: r.id, impact: r.impact, help: r.help,
    nodes: r.nodes.slice(0, 10).map((n) => ({
      target: n.target.join(" "),
      why: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean),
    })),
  });
  console.log(JSON.stringify({
    violations: results.violations.map(brief),
    incomplete: results.incomplete.map(brief),
    passes: results.passes.length,
    axe: results.testEngine.version,
    external_requests: requests,
    files,
  }, null, 2));
} finally {
  await browser.close();
}
