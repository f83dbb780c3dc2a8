// The page in Debian's headless Chromium, driven by playwright-core. The server is started by the
// .NET test that runs this file (tests/TraceImport.Tests/Web/BrowserTests.cs), which passes:
//   TRACEIMPORT_URL         the page's address
//   TRACEIMPORT_SMALL_URL   a second server whose input limit is 1 MB
//   TRACEIMPORT_SCREENSHOT  where to save the screenshot of the seed's ICMP packet
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const url = process.env.TRACEIMPORT_URL;
const smallUrl = process.env.TRACEIMPORT_SMALL_URL;
assert.ok(url, 'TRACEIMPORT_URL must name the running page');

/** The seed's hex blocks: the document from its first hex block's heading to the end. */
function seedHexBlocks() {
  const lines = readFileSync(`${root}fixtures/documents/seed-000-no-ftp-banner.txt`, 'utf8').split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('SYN from '))).join('\n');
}

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
after(async () => { await browser?.close(); });

/** A page that records every request it makes. */
async function openPage(address = url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.requests = [];
  page.on('request', (request) => page.requests.push(request.url()));
  await page.goto(address);
  return page;
}

async function paste(page, text) {
  await page.fill('#paste', text);
  await page.click('#decode');
}

/** Opens a packet of the list and waits for its decode, which the page asks of the server then. */
async function open(page, number) {
  await page.click(`#packets tbody tr[data-packet="${number}"]`);
  await page.waitForSelector(`#packet-view[data-packet="${number}"]`);
}

test('the seed hex blocks: clicking the ICMP error\'s quoted TCP sequence number highlights its four bytes', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks());
  await page.waitForSelector('#packets tbody tr[data-packet="4"]');

  assert.equal(await page.locator('#packets tbody tr').count(), 4);
  assert.equal(await page.textContent('#packets tbody tr[data-packet="2"] td:nth-child(4)'), 'eth/ip/tcp');
  assert.match(await page.textContent('#detected'), /hex-block/);
  await open(page, 4);
  assert.match(await page.textContent('#packet-title'), /Packet 4: 70 bytes/);

  const quotedSeq = page.locator('details[data-protocol="icmp"] li[data-name="tcp.seq_raw"]');
  assert.equal(await quotedSeq.count(), 1);
  assert.match(await quotedSeq.textContent(), /1245967973/, 'the value traceimport decode gives');
  await quotedSeq.click();

  const selected = page.locator('#bytes .byte.selected');
  assert.deepEqual(await selected.evaluateAll((spans) => spans.map((s) => Number(s.dataset.offset))), [66, 67, 68, 69]);
  assert.deepEqual(await selected.allTextContents(), ['4a', '43', 'f6', '65']);
  assert.match(await quotedSeq.getAttribute('class'), /\bselected\b/);

  // The author's X masks are shown as masked bytes.
  assert.deepEqual(await page.locator('#bytes .byte.masked').evaluateAll((s) => s.map((e) => Number(e.dataset.offset))), [0, 1, 2, 3, 6, 7, 8, 9, 27, 28]);

  if (process.env.TRACEIMPORT_SCREENSHOT) {
    await page.evaluate(() => document.getElementById('packets-section').scrollIntoView());
    await page.screenshot({ path: process.env.TRACEIMPORT_SCREENSHOT });
  }
  assert.ok(page.requests.every((r) => r.startsWith(url)), `only the local server is asked: ${page.requests.join(', ')}`);
  await page.close();
});

test('pointing at a byte highlights the field it belongs to', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks());
  await page.waitForSelector('#packets tbody tr[data-packet="4"]');
  await open(page, 4);
  await page.hover('#bytes .byte[data-offset="67"]');

  const hovered = page.locator('#tree li.hovered');
  assert.equal(await hovered.count(), 1);
  assert.equal(await hovered.getAttribute('data-name'), 'tcp.seq_raw');
  assert.equal(await page.locator('#bytes .byte.hovered').count(), 4);
  await page.close();
});

test('padding and bad fields look different, and findings link to their packets', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks());
  await page.waitForSelector('#packets tbody tr[data-packet="2"]');
  await open(page, 2);
  assert.ok(await page.locator('#bytes .byte.padding').count() > 0, 'the SYN-ACK\'s Ethernet padding is marked');

  await paste(page, readFileSync(`${root}fixtures/documents/seed-002-checksum-ffff.txt`, 'utf8'));
  await page.waitForSelector('#findings li[data-code="ip-checksum-ffff"]');
  const finding = page.locator('#findings li[data-code="ip-checksum-ffff"]');
  const link = finding.locator('a[data-packet]').first();
  const number = await link.getAttribute('data-packet');
  await link.click();
  await page.waitForSelector(`#packet-view[data-packet="${number}"]`);
  assert.match(await page.getAttribute(`#packets tbody tr[data-packet="${number}"]`, 'class'), /current/);
  const checksum = page.locator('#tree li[data-name="ip.checksum"]').first();
  assert.match(await checksum.getAttribute('class'), /status-bad/);
  assert.ok(await page.locator('#bytes .byte.bad').count() >= 2, 'the bad checksum\'s bytes are marked');
  await page.close();
});

test('the page asks for the packet list, then for each packet\'s decode when it is opened', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks());
  await page.waitForSelector('#packet-view[data-packet="1"]');
  assert.equal(await page.textContent('#packets tbody tr[data-packet="4"] td:nth-child(5)'),
    'ICMP Network unreachable from 200.XXX.XXX.145 to 172.16.20.3 port 21', 'the heading the text gave it');
  await open(page, 3);
  await open(page, 1);
  const api = page.requests.filter((r) => r.includes('/api/')).map((r) => r.slice(url.length - 1));
  assert.deepEqual(api.sort(), ['/api/decode?packet=1', '/api/decode?packet=3', '/api/diagnose', '/api/list'],
    'one list, one diagnosis, and the decode of each packet opened, once');
  await page.close();
});

test('the pcapng downloads', async () => {
  const page = await openPage();
  await paste(page, seedHexBlocks());
  await page.waitForSelector('#download:not([disabled])');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const path = await download.path();
  const bytes = readFileSync(path);
  assert.equal(download.suggestedFilename(), 'pasted.pcapng');
  assert.equal(bytes.readUInt32LE(0), 0x0a0d0d0a, 'a pcapng section header block');
  await page.close();
});

test('text over the size limit is refused with a message', { skip: !smallUrl && 'TRACEIMPORT_SMALL_URL not given' }, async () => {
  const page = await openPage(smallUrl);
  await paste(page, '00 '.repeat(400_000));
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /larger than the 1 MB this page takes/);
  await page.close();
});

test('text that is not a trace says what was expected', async () => {
  const page = await openPage();
  await paste(page, 'Dear support, the server does not answer.');
  await page.waitForSelector('#status.error');
  assert.match(await page.textContent('#status'), /pasted text:1:1: error: no packet found/);
  assert.ok(await page.locator('#packets-section').isHidden());
  await page.close();
});
