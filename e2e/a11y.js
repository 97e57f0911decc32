/*
 * Accessibility and readability checks for the scenarios: axe-core, injected
 * into the page, on one part of it, failing on serious or critical violations
 * and on the moderate ones the tab has promised to keep away (STRICT_RULES);
 * and the page's own promises (no word broken across lines in a table cell,
 * no entity refs or ISO timestamps where names and local times exist).
 */
const assert = require('node:assert/strict');

const AXE = require.resolve('axe-core/axe.min.js');
// Moderate in axe, yet once fixed they stay fixed: a screen reader user
// moves through the tab by its headings.
const STRICT_RULES = ['heading-order'];

/** Runs axe on the elements `selector` matches, and fails on serious or critical violations and on STRICT_RULES. */
async function assertAccessible(page, selector, what) {
  await page.locator(selector).first().waitFor();
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE });
  }
  const violations = await page.evaluate(
    async sel =>
      (
        await window.axe.run(
          { include: Array.from(document.querySelectorAll(sel)) },
          { resultTypes: ['violations'] },
        )
      ).violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 12).map(n => n.target.join(' ')),
      })),
    selector,
  );
  const bad = violations.filter(
    v =>
      ['serious', 'critical'].includes(v.impact) || STRICT_RULES.includes(v.id),
  );
  assert.deepEqual(
    bad,
    [],
    `axe found serious, critical or heading-order violations on ${what}:\n${bad
      .map(v => `  ${v.impact} ${v.id}: ${v.help} (${v.targets.join('; ')})`)
      .join('\n')}`,
  );
}

/** Words in table cells under `selector` that the layout breaks across two lines. */
async function brokenWords(page, selector) {
  return page.evaluate(sel => {
    const broken = [];
    for (const cell of document.querySelectorAll(
      `${sel} td, ${sel} th, ${sel} button`,
    )) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set(
            Array.from(range.getClientRects())
              .filter(r => r.width > 0)
              .map(r => Math.round(r.top)),
          );
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}

const ENTITY_REF = /\b(user|group|component):[\w-]+\/[\w.-]+/;
const ISO_TIME = /\b\d{4}-\d\d-\d\dT\d\d:\d\d/;
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/**
 * Fails when the visible text under `selector` shows an entity ref, an ISO
 * timestamp or a raw GUID: the demo's principals, roles and times all have
 * names people read.
 */
async function assertHumanText(page, selector, what) {
  const text = await page.locator(selector).first().innerText();
  for (const [pattern, name] of [
    [ENTITY_REF, 'an entity ref'],
    [ISO_TIME, 'an ISO timestamp'],
    [GUID, 'a raw GUID'],
  ]) {
    const found = text.match(pattern);
    assert.equal(found, null, `${what} shows ${name}: ${found?.[0]}`);
  }
}

module.exports = { assertAccessible, brokenWords, assertHumanText };
