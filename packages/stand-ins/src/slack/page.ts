/**
 * The local Slack page. Stable `data-testid`s for browser tests:
 * - `identity-select`: who you are (the workspace's people); `channel-select`: the channel shown
 * - `composer` (text area) and `send`: post a message; `@bot` becomes a mention of the bot
 * - `message`: each message, with `data-ts`; replies sit under their parent
 * - `thread-reply`: under a top-level message, makes the composer reply in its thread
 *   (`thread-target` shows it; `thread-cancel` goes back to the channel)
 * - `block-button`: a Block Kit button, with `data-action-id`
 * - `block-image`: a Block Kit image; `ephemeral`: a message only you see;
 *   `thread-status`: the app's thread status ("is planning…")
 * - `modal`, `modal-submit`, `modal-cancel`, `modal-error`: an opened view
 * - `notice`: what happened to the last thing you did (for example the gateway's answer)
 */
import { PAGE_SCRIPT } from './page-script.js';

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1c1d;background:#f8f8f8}
header{display:flex;gap:12px;align-items:center;padding:10px 16px;background:#3f0e40;color:#fff}
header h1{font-size:16px;margin:0 12px 0 0}
main{max-width:900px;margin:0 auto;padding:12px 16px 150px}
.thread{background:#fff;border:1px solid #ddd;border-radius:8px;margin:10px 0;padding:6px 10px}
.message{padding:6px 0}.message.reply{margin-left:28px;border-left:3px solid #e8e8e8;padding-left:10px}
.message.ephemeral{background:#f4f0ff;padding:6px 8px;border-radius:6px}
.author{font-weight:700}.tag{font-size:11px;font-weight:400;background:#eee;border-radius:3px;padding:0 4px;color:#555}
.edited{font-weight:400;color:#888;font-size:12px}
.b-header{margin:4px 0}.b-context{color:#616061;font-size:12px;margin:4px 0}
.b-section{margin:4px 0}.fields{display:grid;grid-template-columns:1fr 1fr;gap:4px}
pre{background:#f4f4f4;border:1px solid #ddd;border-radius:4px;padding:6px;white-space:pre-wrap;word-break:break-word;margin:4px 0}
code{background:#f4f4f4;border-radius:3px;padding:0 3px}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.b-image img{max-width:360px;max-height:300px;border-radius:4px}.b-image{margin:4px 0}
.btn{margin:4px 6px 4px 0;padding:5px 12px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
.btn.primary,.modal .primary{background:#007a5a;color:#fff;border-color:#007a5a}.btn.danger{background:#e01e5a;color:#fff;border-color:#e01e5a}
.link{border:0;background:none;color:#1264a3;cursor:pointer;padding:0;font-size:12px}
.status{color:#616061;font-style:italic;font-size:12px;margin:4px 0 4px 28px}
footer{position:fixed;bottom:0;left:0;right:0;background:#fff;border-top:1px solid #ddd;padding:10px 16px}
footer .row{max-width:900px;margin:0 auto;display:flex;gap:8px}
#composer{flex:1;min-height:44px;font:inherit;padding:6px}
#thread-target{max-width:900px;margin:0 auto 6px;font-size:12px;color:#555}
#notice{max-width:900px;margin:0 auto 6px;font-size:12px;color:#555}#notice.bad{color:#b00}
#modal-layer{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center}
#modal-layer[hidden]{display:none}
.modal{background:#fff;border-radius:8px;padding:16px 20px;width:min(640px,92vw);max-height:86vh;overflow:auto}
.modal h2{margin:0 0 8px;font-size:18px}.input{display:block;margin:10px 0}.input span{display:block;font-weight:700}
.input textarea,.input input{width:100%;box-sizing:border-box;font:13px monospace}.input small{color:#666}
.error{color:#b00;font-size:12px}.modal-buttons{display:flex;justify-content:flex-end;gap:8px;margin-top:12px}
.modal-buttons button{padding:6px 14px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
.empty{color:#888}
`;

/** The page's HTML: static; everything in it comes from the state the script polls. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local Slack · AgentCore</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STYLE}</style></head>
<body>
<header><h1>Local Slack</h1>
<label>You are <select id="identity" data-testid="identity-select"></select></label>
<label>Channel <select id="channel" data-testid="channel-select"></select></label></header>
<main id="messages" aria-live="polite"></main>
<footer>
<div id="notice" data-testid="notice" hidden></div>
<div id="thread-target" data-testid="thread-target" hidden>Replying in the thread · <button class="link" id="thread-cancel" data-testid="thread-cancel">back to the channel</button></div>
<div class="row"><textarea id="composer" data-testid="composer" placeholder="Message the channel; mention @bot to ask AgentCore"></textarea>
<button id="send" data-testid="send" class="btn primary">Send</button></div>
</footer>
<div id="modal-layer" hidden></div>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}
