/**
 * The local Slack page's script, served as-is (no framework, no CDN). It polls the stand-in for
 * the workspace's state and draws channels, threads, Block Kit messages and modals; every
 * action goes back to the stand-in, which signs it and sends it to the gateway as Slack would.
 * Text from messages is escaped before it becomes HTML; only our own tags are added.
 */
export const PAGE_SCRIPT = String.raw`
'use strict';
var state = null, version = -1, threadTarget = null, shownView = '';
var query = new URLSearchParams(location.search);
var $ = function (id) { return document.getElementById(id); };
function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'); }
function decode(s) { return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'); }
function me() { return $('identity').value; }
function channel() { return $('channel').value; }
function nameOf(id) {
  if (state && id === state.botUserId) return 'AgentCore';
  var p = state && state.people.find(function (x) { return x.userId === id; });
  return p ? p.displayName : id;
}
function styles(h) {
  return h.replace(/\x60([^\x60\n]+)\x60/g, '<code>$1</code>')
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/~([^~\n]+)~/g, '<s>$1</s>')
    .replace(/\n/g, '<br>');
}
function token(t) {
  var inner = decode(t), bar = inner.indexOf('|');
  var label = bar >= 0 ? inner.slice(bar + 1) : '';
  if (inner[0] === '@') return '<span class="mention">@' + esc(nameOf(inner.slice(1).split('|')[0])) + '</span>';
  if (inner.indexOf('!date^') === 0) {
    var secs = Number(inner.split('^')[1]);
    return esc(isFinite(secs) ? new Date(secs * 1000).toLocaleString() : label);
  }
  if (inner[0] === '!') return '<span class="mention">@' + esc(inner.slice(1).split('|')[0]) + '</span>';
  if (inner[0] === '#') return '<span class="mention">#' + esc(label || inner.slice(1)) + '</span>';
  var url = bar >= 0 ? inner.slice(0, bar) : inner;
  if (/^https?:\/\//.test(url)) return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + esc(label || url) + '</a>';
  return esc('<' + inner + '>');
}
function inline(s) {
  var out = '', re = /<([^<>]*)>/g, last = 0, m;
  while ((m = re.exec(s))) { out += styles(esc(decode(s.slice(last, m.index)))) + token(m[1]); last = re.lastIndex; }
  return out + styles(esc(decode(s.slice(last))));
}
function mrkdwn(s) {
  return String(s).split('\x60\x60\x60').map(function (part, i) {
    return i % 2 ? '<pre>' + esc(decode(part.replace(/^\n/, '').replace(/\n$/, ''))) + '</pre>' : inline(part);
  }).join('');
}
function textObject(t) { return !t ? '' : t.type === 'mrkdwn' ? mrkdwn(t.text) : esc(t.text); }
function block(b, message) {
  switch (b.type) {
    case 'header': return '<h3 class="b-header">' + esc(b.text && b.text.text) + '</h3>';
    case 'section':
      return '<div class="b-section">' + textObject(b.text) + (b.fields ? '<div class="fields">' +
        b.fields.map(function (f) { return '<div>' + textObject(f) + '</div>'; }).join('') + '</div>' : '') + '</div>';
    case 'markdown': return '<div class="b-section">' + mrkdwn(b.text || '') + '</div>';
    case 'context':
      return '<div class="b-context">' + (b.elements || []).map(function (e) {
        return e.type === 'image' ? '<img class="ctx-img" alt="' + esc(e.alt_text) + '" src="' + esc(e.image_url) + '">' : '<span>' + textObject(e) + '</span>';
      }).join(' ') + '</div>';
    case 'divider': return '<hr>';
    case 'image':
      return '<figure class="b-image"><img data-testid="block-image" alt="' + esc(b.alt_text) + '" src="' + esc(b.image_url) + '">' +
        (b.title ? '<figcaption>' + esc(b.title.text) + '</figcaption>' : '') + '</figure>';
    case 'actions':
      return '<div class="b-actions">' + (b.elements || []).filter(function (e) { return e.type === 'button'; }).map(function (e) {
        return '<button data-testid="block-button" class="btn ' + esc(e.style || '') + '" data-action-id="' + esc(e.action_id) +
          '" data-block-id="' + esc(b.block_id) + '" data-ts="' + esc(message.ts) + '" data-channel="' + esc(message.channel) + '">' +
          esc(e.text && e.text.text) + '</button>';
      }).join('') + '</div>';
    default: return '';
  }
}
function body(m) { return m.blocks && m.blocks.length ? m.blocks.map(function (b) { return block(b, m); }).join('') : mrkdwn(m.text); }
function messageHtml(m, reply) {
  var edited = m.edits && m.edits.length ? ' <span class="edited">(edited)</span>' : '';
  return '<div class="message' + (reply ? ' reply' : '') + (m.bot_id ? ' bot' : '') + '" data-testid="message" data-ts="' + esc(m.ts) + '">' +
    '<div class="author">' + esc(nameOf(m.user)) + (m.bot_id ? ' <span class="tag">APP</span>' : '') + edited + '</div>' +
    '<div class="body">' + body(m) + '</div>' + (reply ? '' : '<button class="link" data-testid="thread-reply" data-ts="' + esc(m.ts) + '">Reply in thread</button>') + '</div>';
}
function ephemeralHtml(e) {
  return '<div class="message ephemeral" data-testid="ephemeral" data-ts="' + esc(e.message_ts) + '"><div class="author">AgentCore <span class="tag">Only visible to you</span></div>' +
    '<div class="body">' + body({ ts: e.message_ts, channel: e.channel, text: e.text, blocks: e.blocks }) + '</div></div>';
}
function draw() {
  var ch = channel(), user = me();
  var inChannel = state.messages.filter(function (m) { return m.channel === ch; });
  var mine = state.ephemerals.filter(function (e) { return e.channel === ch && e.user === user; });
  var parents = inChannel.filter(function (m) { return !m.thread_ts || m.thread_ts === m.ts; });
  var html = parents.map(function (p) {
    var replies = inChannel.filter(function (m) { return m.thread_ts === p.ts && m.ts !== p.ts; })
      .map(function (m) { return { ts: m.ts, html: messageHtml(m, true) }; })
      .concat(mine.filter(function (e) { return e.thread_ts === p.ts; }).map(function (e) { return { ts: e.message_ts, html: ephemeralHtml(e) }; }))
      .sort(function (a, b) { return Number(a.ts) - Number(b.ts); });
    var status = state.threadStatuses.find(function (s) { return s.channel === ch && s.thread_ts === p.ts; });
    return { ts: p.ts, html: '<div class="thread">' + messageHtml(p, false) + replies.map(function (r) { return r.html; }).join('') +
      (status ? '<div class="status" data-testid="thread-status">AgentCore ' + esc(status.status) + '</div>' : '') + '</div>' };
  }).concat(mine.filter(function (e) { return !e.thread_ts; }).map(function (e) { return { ts: e.message_ts, html: ephemeralHtml(e) }; }))
    .sort(function (a, b) { return Number(a.ts) - Number(b.ts); }).map(function (x) { return x.html; }).join('');
  $('messages').innerHTML = html || '<p class="empty">No messages yet. Say hello, or mention @bot.</p>';
  $('thread-target').hidden = !threadTarget;
  drawModal();
}
function drawModal() {
  var view = state.views.find(function (v) { return v.open && v.userId === me(); });
  var key = view ? view.id + JSON.stringify(view.errors) : '';
  if (key === shownView) return;
  var kept = {};
  document.querySelectorAll('#modal [data-block-id]').forEach(function (el) { kept[el.dataset.blockId] = el.value; });
  shownView = key;
  if (!view) { $('modal-layer').hidden = true; $('modal-layer').innerHTML = ''; return; }
  var v = view.view;
  var blocks = (v.blocks || []).map(function (b) {
    if (b.type !== 'input') return block(b, { ts: '', channel: '' });
    var el = b.element || {}, id = b.block_id, value = id in kept ? kept[id] : (el.initial_value || '');
    var field = el.multiline ? '<textarea rows="6" data-block-id="' + esc(id) + '" data-action-id="' + esc(el.action_id) + '">' + esc(value) + '</textarea>'
      : '<input data-block-id="' + esc(id) + '" data-action-id="' + esc(el.action_id) + '" value="' + esc(value) + '">';
    var error = view.errors[id] ? '<div class="error" data-testid="modal-error">' + esc(view.errors[id]) + '</div>' : '';
    return '<label class="input"><span>' + esc(b.label && b.label.text) + '</span>' + field +
      (b.hint ? '<small>' + esc(b.hint.text) + '</small>' : '') + error + '</label>';
  }).join('');
  $('modal-layer').innerHTML = '<div class="modal" id="modal" data-testid="modal" data-view-id="' + esc(view.id) + '"><h2>' + esc(v.title && v.title.text) + '</h2>' + blocks +
    '<div class="modal-buttons"><button data-testid="modal-cancel" id="modal-cancel">' + esc(v.close ? v.close.text : 'Cancel') + '</button>' +
    (v.submit ? '<button class="primary" data-testid="modal-submit" id="modal-submit">' + esc(v.submit.text) + '</button>' : '') + '</div></div>';
  $('modal-layer').hidden = false;
}
function notice(text, bad) { var n = $('notice'); n.textContent = text; n.className = bad ? 'bad' : ''; n.hidden = !text; }
function post(path, payload) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
    .then(function (r) { return r.json(); })
    .then(function (answer) { if (answer.notice) notice(answer.notice, !answer.ok); refresh(); return answer; });
}
function refresh() {
  return fetch('/page/state?user=' + encodeURIComponent(me() || '') + '&since=' + version)
    .then(function (r) { return r.json(); })
    .then(function (next) { if (next.unchanged) return; state = next; version = next.version; setup(); draw(); })
    .catch(function () { notice('The local Slack is not answering.', true); });
}
var ready = false;
function setup() {
  if (ready) return;
  ready = true;
  $('identity').innerHTML = state.people.map(function (p) { return '<option value="' + esc(p.userId) + '">' + esc(p.displayName) + '</option>'; }).join('');
  $('channel').innerHTML = state.channels.map(function (c) { return '<option value="' + esc(c.id) + '">#' + esc(c.name) + '</option>'; }).join('');
  if (query.get('user')) $('identity').value = query.get('user');
  if (query.get('channel')) $('channel').value = query.get('channel');
}
function send() {
  var text = $('composer').value;
  if (!text.trim()) return;
  $('composer').value = '';
  post('/page/messages', { user: me(), channel: channel(), text: text, thread_ts: threadTarget || undefined });
}
document.addEventListener('click', function (event) {
  var el = event.target.closest('button');
  if (!el) return;
  if (el.dataset.testid === 'block-button') {
    post('/page/actions', { user: me(), channel: el.dataset.channel, message_ts: el.dataset.ts, block_id: el.dataset.blockId, action_id: el.dataset.actionId });
  } else if (el.dataset.testid === 'thread-reply') {
    threadTarget = el.dataset.ts; $('thread-target').hidden = false; $('composer').focus();
  } else if (el.id === 'thread-cancel') {
    threadTarget = null; $('thread-target').hidden = true;
  } else if (el.id === 'modal-submit') {
    var values = {};
    document.querySelectorAll('#modal [data-block-id]').forEach(function (f) {
      values[f.dataset.blockId] = {}; values[f.dataset.blockId][f.dataset.actionId] = f.value;
    });
    post('/page/views/' + encodeURIComponent($('modal').dataset.viewId) + '/submit', { user: me(), values: values });
  } else if (el.id === 'modal-cancel') {
    post('/page/views/' + encodeURIComponent($('modal').dataset.viewId) + '/close', { user: me() });
  } else if (el.id === 'send') send();
});
document.addEventListener('keydown', function (event) {
  if (event.target.id === 'composer' && event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); send(); }
});
document.addEventListener('change', function (event) {
  if (event.target.id === 'identity' || event.target.id === 'channel') { threadTarget = null; version = -1; shownView = ''; refresh(); }
});
refresh();
setInterval(refresh, 500);
`;
