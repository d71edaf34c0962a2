/** The text/event-stream parser the live view reads its stream with. */
import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/lib/sse.js';

describe('SseParser', () => {
  it('parses named events with JSON data and skips keep-alive comments', () => {
    const p = new SseParser();
    const events = p.push('event: snapshot\ndata: {"point":null}\n\n: keep-alive\n\nevent: point\ndata: {"t":1}\n\n');
    expect(events).toEqual([
      { event: 'snapshot', data: '{"point":null}', id: null },
      { event: 'point', data: '{"t":1}', id: null },
    ]);
  });

  it('completes events split anywhere across chunks, CRLF included', () => {
    const text = 'event: state\r\ndata: {"state":"upright",\r\ndata: "since":5}\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events).toEqual([{ event: 'state', data: '{"state":"upright",\n"since":5}', id: null }]);
    }
  });

  it('names an unnamed event "message" and keeps the last id', () => {
    const p = new SseParser();
    expect(p.push('id: 7\ndata:x\n\n')).toEqual([{ event: 'message', data: 'x', id: '7' }]);
  });
});
