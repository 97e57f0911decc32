/* The end-to-end scenarios, run in order against the embedded default. */
const assert = require('node:assert/strict');

module.exports = [
  [
    'the catalog lists the example components, signed in as alice',
    async (page, { screenshot }) => {
      await page.goto('http://localhost:3000/catalog');
      for (const name of ['payments-api', 'checkout-web', 'data-pipeline']) {
        await page.getByRole('link', { name }).first().waitFor();
      }
      await page.goto('http://localhost:3000/catalog/default/user/alice');
      await page.getByText('Alice Andersson').first().waitFor();
      await screenshot('catalog.png');
      const res = await page.request.get('http://localhost:7007/api/aks-access/health');
      assert.deepEqual(await res.json(), { status: 'ok' });
    },
  ],
];
