// The page's layout, dark mode, files, keyboard, share links and redaction, in Debian's headless Chromium.
// Started by tests/TraceImport.Tests/Web/BrowserTests.cs, which passes:
//   TRACEIMPORT_URL          the page's address
//   TRACEIMPORT_SCREENSHOTS  the folder for the screenshots at 360 and 1280 px, light and dark
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const url = process.env.TRACEIMPORT_URL;
const screenshots = process.env.TRACEIMPORT_SCREENSHOTS;
assert.ok(url, 'TRACEIMPORT_URL must name the running page');

const seed = readFileSync(`${root}fixtures/documents/seed-000-no-ftp-banner.txt`, 'utf8');
/** The seed's hex blocks: from the first block's heading to the end. */
const seedHexBlocks = (() => { const lines = seed.split('\n'); return lines.slice(lines.findIndex((l) => l.startsWith('SYN from '))).join('\n'); })();

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
after(async () => { await browser?.close(); });

/** A page in its own context (its own colour scheme and size) that records every request it makes. */
async function openPage({ width = 1280, height = 900, colorScheme = 'light', address = url } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  page.requests = [];
  page.on('request', (request) => page.requests.push(request.url()));
  await page.goto(address);
  return page;
}

async function close(page) {
  assert.ok(page.requests.length > 0);
  assert.ok(page.requests.every((r) => r.startsWith(url)), `only the local server is asked: ${page.requests.filter((r) => !r.startsWith(url)).join(', ')}`);
  await page.context().close();
}

async function paste(page, text) {
  await page.fill('#paste', text);
  await page.click('#decode');
}

/** The relative luminance of a computed rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).map(Number).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

for (const width of [360, 1280]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`at ${width} px in ${colorScheme} mode the page holds: nothing wider than the screen, the title clear of its label, the colours the system's`, async () => {
      const page = await openPage({ width, colorScheme });
      await paste(page, seedHexBlocks);
      await page.waitForSelector('#packet-view[data-packet="1"]');
      await page.click('#packets tbody tr[data-packet="4"]');
      await page.waitForSelector('#packet-view[data-packet="4"]');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
      const [title, label] = await Promise.all([page.locator('header h1').boundingBox(), page.locator('header .local').boundingBox()]);
      const apart = title.x + title.width <= label.x || label.y >= title.y + title.height;
      assert.ok(apart, `the label (${JSON.stringify(label)}) runs into the title (${JSON.stringify(title)})`);
      const background = luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      const ink = luminance(await page.evaluate(() => getComputedStyle(document.body).color));
      if (colorScheme === 'dark') assert.ok(background < 0.1 && ink > 0.6, `dark mode: background ${background}, text ${ink}`);
      else assert.ok(background > 0.9 && ink < 0.1, `light mode: background ${background}, text ${ink}`);
      for (const selector of ['#decode', '#packets', '#tree', '#bytes']) {
        const box = await page.locator(selector).boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${selector} (${JSON.stringify(box)}) fits the screen`);
      }
      if (screenshots) await page.screenshot({ path: `${screenshots}/page-${width}-${colorScheme}.png`, fullPage: true });
      await close(page);
    });
  }
}

test('a finding about several packets says how many and links each', async () => {
  const page = await openPage();
  await paste(page, seed);
  await page.waitForSelector('#findings li');
  const counts = await page.locator('#findings li').evaluateAll((items) => items.map((li) => ({
    links: li.querySelectorAll('a[data-packet]').length,
    count: li.querySelector('.count')?.textContent ?? null,
  })));
  const several = counts.filter((c) => c.links > 1);
  assert.ok(several.length > 0, 'the seed has findings about several packets');
  for (const c of several) assert.equal(c.count, `${c.links} packets`);
  await close(page);
});

test('the packet list moves with the keyboard: arrows, Home, End, and Enter opens the packet', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks);
  await page.waitForSelector('#packet-view[data-packet="1"]');
  await page.focus('#packets');
  await page.keyboard.press('End');
  await page.waitForSelector('#packet-view[data-packet="4"]');
  assert.equal(await page.getAttribute('#packets', 'aria-activedescendant'), 'packet-row-4');
  await page.keyboard.press('Home');
  await page.waitForSelector('#packet-view[data-packet="1"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('#packet-view[data-packet="3"]');
  assert.equal(await page.getAttribute('#packets tbody tr[data-packet="3"]', 'aria-selected'), 'true');
  await page.keyboard.press('ArrowUp');
  await page.waitForSelector('#packet-view[data-packet="2"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'packet-title');
  await close(page);
});

test('a file picked is read: gzip-compressed text decompressed in the page, a pcap read by the server', async () => {
  const page = await openPage();
  await page.setInputFiles('#file', { name: 'seed.txt.gz', mimeType: 'application/gzip', buffer: gzipSync(Buffer.from(seedHexBlocks)) });
  await page.waitForSelector('#packets tbody tr[data-packet="4"]');
  assert.equal(await page.inputValue('#paste'), seedHexBlocks, 'the decompressed text is put in the box');

  const capture = readFileSync(`${root}fixtures/captures/tcp-handshake-nano.pcap`);
  await page.setInputFiles('#file', { name: 'handshake.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: capture });
  await page.waitForFunction(() => document.querySelector('#detected')?.textContent.includes('pcap'));
  assert.match(await page.textContent('#file-note'), /handshake\.pcap: a capture of/);
  assert.equal(await page.locator('#packets tbody tr').count(), 3, 'the capture\'s three frames');
  assert.ok(await page.isDisabled('#share'), 'a capture is not put in a link');
  await page.click('#packets tbody tr[data-packet="2"]');
  await page.waitForSelector('#packet-view[data-packet="2"] li[data-name="tcp.flags.syn"]');
  await close(page);
});

test('a file dropped on the page is read as one picked', async () => {
  const page = await openPage();
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    return data;
  }, seedHexBlocks);
  await page.dispatchEvent('#paste', 'dragenter', { dataTransfer: transfer });
  assert.ok(await page.locator('#drop-zone.dragging').count() === 1, 'the page shows where to drop');
  await page.dispatchEvent('#paste', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('#packets tbody tr[data-packet="4"]');
  assert.equal(await page.locator('#drop-zone.dragging').count(), 0);
  await close(page);
});

test('a share link carries the paste in its fragment, which no request carries, and opens decoded', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks);
  await page.waitForSelector('#share:not([disabled])');
  await page.click('#share');
  await page.waitForSelector('#share-box:not([hidden])');
  const link = await page.inputValue('#share-link');
  assert.ok(link.startsWith(`${url}#paste=`), link.slice(0, 80));
  await close(page);

  const opened = await openPage({ address: link });
  await opened.waitForSelector('#packets tbody tr[data-packet="4"]');
  assert.equal(await opened.inputValue('#paste'), seedHexBlocks);
  const fragment = link.slice(link.indexOf('#'));
  assert.ok(opened.requests.every((r) => !r.includes(fragment.slice(7, 40))), 'no request carries the paste in its address');
  await close(opened);
});

test('with Redact on, the page shows and downloads the redacted packets and what was replaced', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks);
  await page.waitForSelector('#packets tbody tr[data-packet="4"]');
  await page.check('#redact');
  await page.waitForSelector('#redaction-section:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#packets tbody tr[data-packet="1"] td.summary')?.textContent.includes('192.0.2.'));
  const summaries = (await page.locator('#packets td.summary').allTextContents()).join('\n');
  assert.doesNotMatch(summaries, /172\.16\.|192\.168\./);
  const replaced = await page.locator('#replacements tbody tr').allTextContents();
  assert.ok(replaced.some((r) => r.includes('172.16.20.3') && r.includes('192.0.2.')), replaced.join(' | '));
  assert.ok(page.requests.some((r) => r.includes('/api/list?redact=1')));

  const [text] = await Promise.all([page.waitForEvent('download'), page.click('#download-text')]);
  assert.equal(text.suggestedFilename(), 'redacted.txt');
  const redactedText = readFileSync(await text.path(), 'utf8');
  assert.match(redactedText, /SYN from 192\.0\.2\.\d+ port 1049/);
  assert.doesNotMatch(redactedText, /172\.16\.|192\.168\.130/);

  const [capture] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(capture.suggestedFilename(), 'redacted.pcapng');
  const bytes = readFileSync(await capture.path());
  assert.equal(bytes.readUInt32LE(0), 0x0a0d0d0a, 'a pcapng section header block');
  assert.ok(!bytes.includes(Buffer.from([172, 16, 20, 3])), 'the capture holds no original address');

  await page.uncheck('#redact');
  await page.waitForFunction(() => document.querySelector('#packets tbody tr[data-packet="1"] td.summary')?.textContent.includes('192.168.130.29'));
  assert.ok(await page.locator('#redaction-section').isHidden());
  assert.ok(await page.isDisabled('#download-text'));
  await close(page);
});
