'use strict';

// The page talks only to the server that served it (the Content-Security-Policy says so too).
const $ = (id) => document.getElementById(id);
// The server answers with the packet list; a packet's fields are fetched when it is opened.
const state = { text: '', packets: [], decodes: new Map(), current: null, fields: [], byteSpans: [], selected: null };

class ApiError extends Error {
  constructor(message, details) { super(message); this.details = details; }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(path, text) {
  let response;
  // A busy server says when to come back (503 with Retry-After): wait and ask again, a few times.
  for (let attempt = 0; ; attempt++) {
    response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text });
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
  const text = $('paste').value;
  if (!text.trim()) { setStatus('Paste a hex dump or a trace first.', true); return; }
  $('decode').disabled = true;
  $('download').disabled = true;
  setStatus('Decoding…');
  try {
    const [listed, diagnosis] = await Promise.allSettled([
      post('/api/list', text).then((r) => r.json()),
      post('/api/diagnose', text).then((r) => r.json()),
    ]);
    if (listed.status === 'rejected') throw listed.reason;
    state.text = text;
    state.decodes = new Map();
    showDocument(listed.value);
    showFindings(diagnosis.status === 'fulfilled' ? diagnosis.value : null);
    $('download').disabled = false;
    setStatus(`${listed.value.packets.length} packet(s) read.`);
  } catch (error) {
    clearResults();
    const details = error instanceof ApiError && error.details.length ? '\n' + error.details.join('\n') : '';
    setStatus(error.message + details, true);
  } finally {
    $('decode').disabled = false;
  }
}

async function downloadPcapng() {
  try {
    const response = await post('/api/convert', state.text);
    const url = URL.createObjectURL(await response.blob());
    const link = element('a', { href: url, download: 'pasted.pcapng' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function clearResults() {
  for (const id of ['findings-section', 'packets-section', 'packet-view']) $(id).hidden = true;
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
    const row = element('tr', { 'data-packet': packet.number },
      element('td', {}, String(packet.number)),
      element('td', {}, packet.time ?? ''),
      element('td', {}, String(packet.capturedLength)),
      element('td', {}, packet.protocols),
      element('td', { class: 'summary' }, packet.summary),
      element('td', {}, `${packet.source.firstLine}–${packet.source.lastLine}`));
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
    const asked = post(`/api/decode?packet=${number}`, state.text).then((r) => r.json()).then((d) => d.packets[0]);
    asked.catch(() => state.decodes.delete(number));
    state.decodes.set(number, asked);
  }
  return state.decodes.get(number);
}

async function selectPacket(number) {
  const packet = state.packets.find((p) => p.number === number);
  if (!packet) return;
  state.current = packet;
  for (const row of $('packets').tBodies[0].rows) row.classList.toggle('current', Number(row.dataset.packet) === number);
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
    const packetLine = element('div', {}, 'packets: ');
    packets.forEach((link, i) => packetLine.append(...(i ? ['; ', link] : [link])));
    const evidence = finding.evidence.map((e) => `packet ${e.packet} ${e.field} = ${e.value}`).join('; ');
    return element('li', { class: `finding severity-${finding.severity}`, 'data-code': finding.code },
      element('span', { class: `severity severity-${finding.severity}` }, finding.severity),
      element('strong', {}, finding.title),
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
$('paste').addEventListener('keydown', (event) => { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) decode(); });
$('paste').addEventListener('input', () => { $('download').disabled = true; });
$('packets').addEventListener('keydown', (event) => {
  if (!state.current || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
  event.preventDefault();
  const index = state.packets.indexOf(state.current) + (event.key === 'ArrowDown' ? 1 : -1);
  if (index >= 0 && index < state.packets.length) selectPacket(state.packets[index].number);
});
$('packets').tabIndex = 0;
