import { adminKey } from './api.js';

// EventSource cannot send an Authorization header, and a key in the URL would end up in logs and
// history; so the stream is read with fetch() and parsed here (text/event-stream, WHATWG HTML §9.2).
export function followAlerts({ onEvent, onState, onUnauthorized }) {
  let controller = null;
  let stopped = false;
  let retry = 1000;

  async function connect() {
    controller = new AbortController();
    try {
      const response = await fetch('/v1/alerts/stream', {
        headers: { Authorization: 'Bearer ' + adminKey(), Accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'omit',
        signal: controller.signal,
      });
      if (response.status === 401) {
        onState(false);
        onUnauthorized();
        return;
      }
      if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parse(block);
          if (event) {
            if (event.name === 'ready') {
              retry = 1000;
              onState(true);
            }
            onEvent(event);
          }
        }
      }
    } catch (e) {
      if (stopped) return;
    }
    onState(false);
    if (!stopped) {
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    }
  }

  connect();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}

function parse(block) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    return { name, data: JSON.parse(data.join('\n')) };
  } catch (e) {
    return null;
  }
}
