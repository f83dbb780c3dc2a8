'use strict';

// The page talks only to the server that served it (the Content-Security-Policy says so too).
const $ = (id) => document.getElementById(id);
// The server answers with the packet list; a packet's fields are fetched when it is opened.
const state = { text: '', capture: null, captureName: '', packets: [], decodes: new Map(), current: null, fields: [], byteSpans: [], selected: null, decoded: false };

// Prefix-preserving stand-ins need one key for every request of a paste, so that the list, the decodes and the
// downloads agree; it is made here, kept only in this page, and sent only to the local server.
const sessionKey = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

class ApiError extends Error {
  constructor(message, details) { super(message); this.details = details; }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** What is posted: the pasted text, or the capture dropped on the page (read by the server's capture reader). */
function body() {
  return state.capture
    ? { type: 'application/octet-stream', data: state.capture }
    : { type: 'text/plain; charset=utf-8', data: state.text };
}

/** The query that asks for the redacted packets, when the Redact switch is on. */
function redaction(always = false) {
  if (!always && !$('redact').checked) return '';
  const parts = ['redact=1'];
  if ($('prefix-preserving').checked) parts.push('prefix-preserving=1', `key=${sessionKey}`);
  if ($('payloads').checked) parts.push('payloads=1');
  return parts.join('&');
}

function withQuery(path, query) {
  if (!query) return path;
  return path + (path.includes('?') ? '&' : '?') + query;
}

async function post(path, payload = body()) {
  let response;
  // A busy server says when to come back (503 with Retry-After): wait and ask again, a few times.
  for (let attempt = 0; ; attempt++) {
    response = await fetch(path, { method: 'POST', headers: { 'Content-Type': payload.type }, body: payload.data });
    if (response.status !== 503 || attempt >= 3) break;
    setStatus('The server is busy; asking again shortly…');
    await sleep(1000 * (Number(response.headers.get('Retry-After')) || 2));
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let details = [];
    try {
      const body = await response.json();
      message = body.error;
      details = body.details || [];
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(message, details);
  }
  return response;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('data-')) node.setAttribute(name, value);
    else node[name] = value;
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function decode() {
  if (!state.capture) {
    const text = $('paste').value;
    if (!text.trim()) { setStatus('Paste a hex dump or a trace first, or drop a file.', true); return; }
    state.text = text;
  }
  $('decode').disabled = true;
  setDownloads(false);
  setStatus('Decoding…');
  const query = redaction();
  try {
    const [listed, diagnosis, table] = await Promise.allSettled([
      post(withQuery('/api/list', query)).then((r) => r.json()),
      post(withQuery('/api/diagnose', query)).then((r) => r.json()),
      query ? post(withQuery('/api/redact?output=table', query)).then((r) => r.json()) : Promise.resolve(null),
    ]);
    if (listed.status === 'rejected') throw listed.reason;
    state.decodes = new Map();
    state.decoded = true;
    showDocument(listed.value);
    showFindings(diagnosis.status === 'fulfilled' ? diagnosis.value : null);
    showReplacements(table.status === 'fulfilled' ? table.value : null);
    setDownloads(true);
    setStatus(`${listed.value.packets.length} packet(s) read${query ? ', redacted' : ''}.`);
  } catch (error) {
    clearResults();
    const details = error instanceof ApiError && error.details.length ? '\n' + error.details.join('\n') : '';
    setStatus(error.message + details, true);
  } finally {
    $('decode').disabled = false;
  }
}

function setDownloads(enabled) {
  $('download').disabled = !enabled;
  $('download-text').disabled = !enabled || !$('redact').checked;
  $('share').disabled = !enabled || state.capture !== null;
  $('download').textContent = $('redact').checked ? 'Download redacted pcapng' : 'Download pcapng';
}

function showReplacements(table) {
  if (!table) { $('redaction-section').hidden = true; return; }
  $('redaction-summary').textContent = table.summary;
  $('replacements').tBodies[0].replaceChildren(...table.replacements.map((r) =>
    element('tr', {}, element('td', {}, r.kind), element('td', { class: 'mono' }, r.original), element('td', { class: 'mono' }, r.standIn), element('td', {}, String(r.places)))));
  $('redaction-section').hidden = false;
}

async function downloadPcapng() {
  const query = redaction();
  await download(query ? withQuery('/api/redact?output=pcapng', query) : '/api/convert', query ? 'redacted.pcapng' : 'pasted.pcapng');
}

async function downloadText() {
  await download(withQuery('/api/redact?output=text', redaction(true)), 'redacted.txt');
}

/** Saves what the local server answers as a file: the blob never leaves the page but for the browser's own download. */
async function download(path, name) {
  try {
    const response = await post(path);
    const url = URL.createObjectURL(await response.blob());
    const link = element('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function clearResults() {
  state.decoded = false;
  for (const id of ['findings-section', 'packets-section', 'packet-view', 'redaction-section']) $(id).hidden = true;
  $('detected').replaceChildren();
  $('problems').replaceChildren();
}

function showDocument(document) {
  state.packets = document.packets;
  const regions = document.regions.map((r) => `${r.format} (lines ${r.firstLine}–${r.lastLine}, ${r.packets} packet${r.packets === 1 ? '' : 's'})`);
  $('detected').replaceChildren(
    element('div', {}, element('strong', {}, 'Read as: '), regions.join(' · ')),
    element('div', { class: 'mono' }, `Lines: ${document.lines.summary}`));
  const problems = [
    ...document.skipped.map((s) => `skipped line ${s.line}, column ${s.column}: ${s.reason} — ${s.text}`),
    ...document.warnings.map((w) => `warning: ${w}`),
  ];
  $('problems').replaceChildren(...problems.map((p) => element('li', {}, p)));

  const rows = state.packets.map((packet) => {
    const row = element('tr', { 'data-packet': packet.number, id: `packet-row-${packet.number}`, 'aria-selected': 'false' },
      element('td', {}, String(packet.number)),
      element('td', {}, packet.time ?? ''),
      element('td', {}, String(packet.capturedLength)),
      element('td', {}, packet.protocols),
      element('td', { class: 'summary' }, packet.summary),
      element('td', { class: 'lines' }, `${packet.source.firstLine}–${packet.source.lastLine}`));
    row.addEventListener('click', () => selectPacket(packet.number));
    return row;
  });
  $('packets').tBodies[0].replaceChildren(...rows);
  $('packets-section').hidden = false;
  selectPacket(state.packets[0].number);
}

/** The decode of one packet, asked of the server the first time the packet is opened. */
function packetDecode(number) {
  if (!state.decodes.has(number)) {
    const asked = post(withQuery(`/api/decode?packet=${number}`, redaction())).then((r) => r.json()).then((d) => d.packets[0]);
    asked.catch(() => state.decodes.delete(number));
    state.decodes.set(number, asked);
  }
  return state.decodes.get(number);
}

async function selectPacket(number) {
  const packet = state.packets.find((p) => p.number === number);
  if (!packet) return;
  state.current = packet;
  for (const row of $('packets').tBodies[0].rows) {
    const current = Number(row.dataset.packet) === number;
    row.classList.toggle('current', current);
    row.setAttribute('aria-selected', String(current));
  }
  $('packets').setAttribute('aria-activedescendant', `packet-row-${number}`);
  $('packets').querySelector(`tr[data-packet="${number}"]`)?.scrollIntoView({ block: 'nearest' });
  $('packet-title').textContent = `Packet ${packet.number}: ${packet.capturedLength} bytes` +
    `${packet.originalLength !== packet.capturedLength ? ` (${packet.originalLength} on the wire)` : ''}, ${packet.format}, ` +
    `lines ${packet.source.firstLine}–${packet.source.lastLine}${packet.time ? ', ' + packet.time : ''}`;
  const view = $('packet-view');
  view.hidden = false;
  view.removeAttribute('data-packet');
  view.classList.add('loading');
  let decode;
  try {
    decode = await packetDecode(number);
  } catch (error) {
    if (state.current === packet) setStatus(`Packet ${number}: ${error.message}`, true);
    return;
  }
  if (state.current !== packet) return; // another packet was opened meanwhile
  state.fields = [];
  state.selected = null;
  $('tree').replaceChildren(...decode.layers.map((layer) => layerNode(layer)));
  showBytes(decode);
  view.classList.remove('loading');
  view.dataset.packet = String(number);
}

function layerNode(layer) {
  const list = element('ul', { role: 'group' });
  for (const field of layer.fields) list.append(fieldNode(field));
  for (const nested of layer.layers) list.append(element('li', {}, layerNode(nested)));
  const last = layer.offset + layer.length - 1;
  return element('details', { open: true, 'data-protocol': layer.protocol },
    element('summary', {}, `${layer.title}`, element('span', { class: 'field-name' }, layer.length > 0 ? `bytes ${layer.offset}–${last}` : '')),
    list);
}

function fieldNode(field) {
  const start = Math.floor(field.bitOffset / 8);
  const end = field.raw ? Math.floor((field.bitOffset + field.bitLength - 1) / 8) : start - 1;
  const shown = field.value ?? (field.raw || '—');
  const item = element('li', { class: `field status-${field.status}`, role: 'treeitem', tabIndex: 0, 'data-name': field.name },
    element('span', { class: 'label' }, `${field.label}: `),
    element('span', { class: 'value' }, shown),
    field.meaning ? element('span', {}, ` (${field.meaning})`) : null,
    element('code', { class: 'field-name' }, field.name),
    field.status !== 'ok' ? element('span', { class: 'note' }, field.status + (field.note ? `: ${field.note}` : '')) : (field.note ? element('span', { class: 'note' }, field.note) : null));
  const entry = { field, start, end, item };
  state.fields.push(entry);
  item.dataset.field = String(state.fields.length - 1);
  item.addEventListener('mouseenter', (event) => { event.stopPropagation(); hover(entry); });
  item.addEventListener('mouseleave', () => hover(null));
  item.addEventListener('click', (event) => { event.stopPropagation(); select(entry); });
  item.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(entry); } });
  if (field.bits.length) item.append(element('ul', { role: 'group' }, ...field.bits.map((bit) => fieldNode(bit))));
  return item;
}

function showBytes(packet) {
  const hex = packet.bytes;
  const count = hex.length / 2;
  state.byteSpans = [];
  const marks = new Array(count).fill('');
  for (const entry of state.fields) {
    const status = entry.field.status;
    if (status === 'padding' || status === 'bad') for (let i = entry.start; i <= entry.end && i < count; i++) marks[i] = status;
  }
  const rows = [];
  for (let offset = 0; offset < count; offset += 16) {
    const row = element('div', { class: 'row' }, element('span', { class: 'offset' }, offset.toString(16).padStart(4, '0')));
    let ascii = '';
    for (let i = offset; i < Math.min(offset + 16, count); i++) {
      const text = hex.substr(i * 2, 2);
      const kind = text.includes('X') ? 'masked' : text.includes('?') ? 'unknown' : marks[i];
      const span = element('span', { class: `byte ${kind}`.trim(), 'data-offset': i }, text);
      span.addEventListener('mouseenter', () => hover(innermostField(i)));
      span.addEventListener('mouseleave', () => hover(null));
      span.addEventListener('click', () => { const entry = innermostField(i); if (entry) { select(entry); reveal(entry.item); } });
      state.byteSpans.push(span);
      row.append(span, i % 8 === 7 ? '  ' : ' ');
      const code = /^[0-9a-f]{2}$/.test(text) ? parseInt(text, 16) : -1;
      ascii += code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '.';
    }
    row.append(element('span', { class: 'ascii' }, ascii));
    rows.push(row);
  }
  $('bytes').replaceChildren(...rows);
}

/** The smallest field holding the byte; of equal ones, the one decoded last (a bit field inside its byte, a quoted header inside its error). */
function innermostField(offset) {
  let best = null;
  for (const entry of state.fields) {
    if (entry.start > offset || entry.end < offset) continue;
    if (!best || entry.field.bitLength <= best.field.bitLength) best = entry;
  }
  return best;
}

function mark(entry, className) {
  for (const node of document.querySelectorAll('.' + className)) node.classList.remove(className);
  if (!entry) return;
  entry.item.classList.add(className);
  for (let i = entry.start; i <= entry.end && i < state.byteSpans.length; i++) state.byteSpans[i].classList.add(className);
}

function hover(entry) { mark(entry, 'hovered'); }

function select(entry) {
  state.selected = state.selected === entry ? null : entry;
  mark(state.selected, 'selected');
}

function reveal(item) {
  for (let node = item.parentElement; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
  item.scrollIntoView({ block: 'nearest' });
}

function showFindings(report) {
  if (!report) { $('findings-section').hidden = true; return; }
  const items = report.findings.map((finding) => {
    const packets = finding.packets.map((p) => {
      const link = element('a', { href: `#packet-${p.number}`, 'data-packet': p.number }, `${p.number}${p.role ? ' ' + p.role : ''}`);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        selectPacket(p.number);
        $('packet-view').scrollIntoView({ block: 'start' });
      });
      return link;
    });
    // A finding about many packets (the engine groups repeated ones) lists the first few and says how many there are.
    const shown = 12;
    const packetLine = element('div', {}, 'packets: ');
    packets.slice(0, shown).forEach((link, i) => packetLine.append(...(i ? ['; ', link] : [link])));
    if (packets.length > shown) {
      const rest = element('details', { class: 'more' }, element('summary', {}, `and ${packets.length - shown} more`));
      packets.slice(shown).forEach((link, i) => rest.append(...(i ? ['; ', link] : [link])));
      packetLine.append(' ', rest);
    }
    const total = finding.count ?? finding.packets.length;
    const evidence = finding.evidence.map((e) => `packet ${e.packet} ${e.field} = ${e.value}`).join('; ');
    return element('li', { class: `finding severity-${finding.severity}`, 'data-code': finding.code },
      element('span', { class: `severity severity-${finding.severity}` }, finding.severity),
      element('strong', {}, finding.title),
      total > 1 ? element('span', { class: 'count' }, `${total} packets`) : null,
      packets.length ? packetLine : null,
      element('details', {}, element('summary', {}, 'why'),
        element('p', {}, finding.explanation),
        evidence ? element('p', { class: 'mono' }, evidence) : null,
        finding.rfc ? element('p', {}, `Rests on: ${finding.rfc}`) : null));
  });
  $('findings').replaceChildren(...items);
  $('findings-section').hidden = items.length === 0;
}

$('decode').addEventListener('click', decode);
$('download').addEventListener('click', downloadPcapng);
$('download-text').addEventListener('click', downloadText);
$('share').addEventListener('click', share);
$('paste').addEventListener('keydown', (event) => { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) decode(); });
$('paste').addEventListener('input', () => {
  setDownloads(false);
  if (state.capture) clearFile();
});
for (const id of ['redact', 'prefix-preserving', 'payloads']) {
  $(id).addEventListener('change', () => {
    $('redact-options').hidden = !$('redact').checked;
    // What is shown follows the switch: the packets as they are, or as they would be shared.
    if (state.decoded) decode();
  });
}

// Keyboard: the packet list moves with the arrows, Home, End, Page Up and Down; Enter opens the packet's decode.
$('packets').tabIndex = 0;
$('packets').addEventListener('keydown', (event) => {
  if (!state.current) return;
  const index = state.packets.indexOf(state.current);
  const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: state.packets.length - 1, PageDown: index + 10, PageUp: index - 10 };
  if (event.key === 'Enter') {
    event.preventDefault();
    $('packet-view').scrollIntoView({ block: 'start' });
    $('packet-title').focus({ preventScroll: true });
    return;
  }
  if (!(event.key in moves)) return;
  event.preventDefault();
  const target = Math.max(0, Math.min(state.packets.length - 1, moves[event.key]));
  if (target !== index) selectPacket(state.packets[target].number);
});

// Files: a text, a gzip-compressed text (decompressed here, by the browser), or a pcap or pcapng capture (read by the server).
const isCapture = (b) => b.length >= 4 && ((b[0] === 0xd4 && b[1] === 0xc3 && b[2] === 0xb2 && b[3] === 0xa1) || (b[0] === 0xa1 && b[1] === 0xb2 && b[2] === 0xc3 && b[3] === 0xd4)
  || (b[0] === 0x4d && b[1] === 0x3c && b[2] === 0xb2 && b[3] === 0xa1) || (b[0] === 0xa1 && b[1] === 0xb2 && b[2] === 0x3c && b[3] === 0x4d)
  || (b[0] === 0x0a && b[1] === 0x0d && b[2] === 0x0d && b[3] === 0x0a));

async function openFile(file) {
  let bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    } catch {
      setStatus(`${file.name}: gzip data that cannot be decompressed`, true);
      return;
    }
  }
  if (isCapture(bytes)) {
    state.capture = bytes;
    state.captureName = file.name;
    $('paste').value = '';
    $('file-name').textContent = `${file.name}: a capture of ${bytes.length.toLocaleString('en')} bytes, read by the server on this machine`;
    $('file-note').hidden = false;
  } else {
    clearFile();
    // Anything else is taken for text: the server says what it is when it is not (another compression, binary data).
    $('paste').value = new TextDecoder('utf-8').decode(bytes);
  }
  decode();
}

function clearFile() {
  state.capture = null;
  state.captureName = '';
  $('file-note').hidden = true;
  $('share').disabled = true;
}

$('open-file').addEventListener('click', () => $('file').click());
$('file').addEventListener('change', () => { if ($('file').files[0]) openFile($('file').files[0]); $('file').value = ''; });
$('clear-file').addEventListener('click', () => { clearFile(); clearResults(); setDownloads(false); setStatus(''); });
const zone = $('drop-zone');
for (const type of ['dragenter', 'dragover']) {
  document.addEventListener(type, (event) => { if (event.dataTransfer?.types.includes('Files')) { event.preventDefault(); zone.classList.add('dragging'); } });
}
document.addEventListener('dragleave', (event) => { if (!event.relatedTarget) zone.classList.remove('dragging'); });
document.addEventListener('drop', (event) => {
  zone.classList.remove('dragging');
  const file = event.dataTransfer?.files?.[0];
  if (!file) return;
  event.preventDefault();
  openFile(file);
});

// Share links carry the paste, gzip-compressed, in the fragment (#paste=…), which browsers never send to any server.
const toBase64Url = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const gzip = async (text) => new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
const gunzip = async (bytes) => new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

/** The longest link offered: browsers and chat programs cut longer ones. */
const longestLink = 2_000_000;

async function share() {
  const link = `${location.origin}${location.pathname}#paste=${toBase64Url(await gzip(state.text))}`;
  if (link.length > longestLink) {
    setStatus(`The paste makes a link of ${link.length.toLocaleString('en')} characters, too long to share; download it instead.`, true);
    return;
  }
  $('share-link').value = link;
  $('share-box').hidden = false;
  $('share-link').select();
  try {
    await navigator.clipboard.writeText(link);
    setStatus('Link copied. Whoever opens it decodes the paste on their own machine.');
  } catch {
    setStatus('Copy the link below. Whoever opens it decodes the paste on their own machine.');
  }
}

async function openSharedPaste() {
  const match = /^#paste=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return;
  try {
    $('paste').value = await gunzip(fromBase64Url(match[1]));
  } catch {
    setStatus('The link\'s paste cannot be read: it was cut short or changed.', true);
    return;
  }
  decode();
}
openSharedPaste();
