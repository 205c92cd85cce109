// Remote commands: a confirmation dialog, a POST to the dashboard's server (which validates and
// publishes with its own MQTT credentials), and the acknowledgements shown as they come back.

const rows = new Map(); // command id -> status cell
const early = new Map(); // acks that arrived before the POST's reply: id -> [ack]
const FINAL = new Set(['done', 'failed', 'rejected']);

function argsOf(command) {
  if (command === 'set-exploration') return { scale: Number(document.getElementById('arg-scale').value) };
  if (command === 'rollback') return { version: Number(document.getElementById('arg-version').value) };
  return undefined;
}

function describe(command, args) {
  if (!args) return command;
  return command + ' (' + Object.entries(args).map(([k, v]) => k + ' ' + v).join(', ') + ')';
}

function addRow(device, text) {
  const tr = document.createElement('tr');
  for (const v of [new Date().toTimeString().slice(0, 8), device + ': ' + text, '']) {
    const td = document.createElement('td');
    td.textContent = v;
    tr.append(td);
  }
  document.getElementById('command-rows').prepend(tr);
  return tr;
}

function setStatus(cell, status, detail) {
  cell.dataset.status = status;
  cell.textContent = detail ? status + ': ' + detail : status;
}

async function send(device, command, args) {
  const tr = addRow(device, describe(command, args));
  const status = tr.cells[2];
  setStatus(status, 'sending');
  try {
    const r = await fetch('/api/command', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args ? { device, command, args } : { device, command }),
    });
    const body = await r.json();
    if (r.status !== 202) {
      setStatus(status, 'refused', body.error + ' – ' + body.detail);
      return;
    }
    tr.dataset.id = body.id;
    tr.title = 'id ' + body.id;
    if (!status.dataset.status || status.dataset.status === 'sending') setStatus(status, 'sent');
    rows.set(body.id, status);
    for (const ack of early.get(body.id) || []) onAck(ack);
    early.delete(body.id);
  } catch (e) {
    setStatus(status, 'refused', String(e));
  }
}

/** Shows an acknowledgement ({id, status, reason, detail}) in the row of the command it answers. */
export function onAck(body) {
  const cell = rows.get(body.id);
  if (!cell) {
    if (!early.has(body.id)) {
      if (early.size >= 256) early.delete(early.keys().next().value);
      early.set(body.id, []);
    }
    early.get(body.id).push(body);
    return;
  }
  const current = cell.dataset.status;
  if (FINAL.has(current) && body.status === 'accepted') return; // acks may arrive out of order
  setStatus(cell, body.status, [body.reason, body.detail].filter(Boolean).join(' '));
  if (FINAL.has(body.status)) rows.delete(body.id);
}

/** Wires the buttons; `selected()` returns the device commands go to. */
export function setupCommands(selected) {
  const dialog = document.getElementById('confirm');
  let pending = null;
  for (const button of document.querySelectorAll('#commands button[data-command]')) {
    button.addEventListener('click', () => {
      const device = selected();
      if (!device) return;
      const command = button.dataset.command;
      const args = argsOf(command);
      pending = { device, command, args };
      document.getElementById('confirm-text').textContent =
        'Send ' + describe(command, args) + ' to ' + device + '?';
      dialog.returnValue = '';
      dialog.showModal();
    });
  }
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'send' && pending) send(pending.device, pending.command, pending.args);
    pending = null;
  });
}
