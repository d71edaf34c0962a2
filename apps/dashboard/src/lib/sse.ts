/**
 * A parser for `text/event-stream` (the WHATWG rules that matter here): fields `event`, `data` (several lines
 * joined by "\n"), `id`; a line starting with ":" is a comment (the server's keep-alive); a blank line
 * dispatches. EventSource cannot send an Authorization header, so the live view reads the stream with fetch
 * and feeds the decoded text here, chunk by chunk, split anywhere.
 */
export interface SseEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  id: string | null;
}

export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | null = null;
  /** Set by any line, events and comments alike: the stream is alive. */
  sawActivity = false;

  /** Feeds decoded text; answers the events it completed. */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const nl = this.#buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      // A lone "\r" at the very end could be the first half of "\r\n": wait for the next chunk.
      if (this.#buffer[nl] === '\r' && nl === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, nl);
      const width = this.#buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.#buffer = this.#buffer.slice(nl + width);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | null {
    this.sawActivity = true;
    if (line === '') {
      if (this.#data.length === 0) {
        this.#event = '';
        return null;
      }
      const event: SseEvent = { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id };
      this.#event = '';
      this.#data = [];
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id') this.#id = value;
    return null;
  }
}
