// The client end of LSP's base protocol over a child process's stdio, with Node's standard
// library only: `Content-Length` framing, JSON-RPC requests both ways, notifications, and the
// initialize / shutdown / exit handshake. Independent of VS Code, so it can be tested alone.
const { spawn } = require("child_process");

class Connection {
  constructor(command, args, { cwd, log } = {}) {
    this.log = log || (() => {});
    this.nextId = 1;
    this.pending = new Map(); // id -> { resolve, reject }
    this.requestHandlers = new Map();
    this.notificationHandlers = new Map();
    this.buffer = Buffer.alloc(0);
    this.exited = new Promise((resolve) => { this.markExited = resolve; });
    this.process = spawn(command, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.process.on("error", (error) => this.fail(error));
    this.process.on("exit", (code, signal) => {
      this.fail(new Error(`the server exited (${signal || code})`));
      this.markExited(code);
    });
    this.process.stdout.on("data", (chunk) => this.receive(chunk));
    this.process.stderr.on("data", (chunk) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line) this.log(line);
    });
  }

  fail(error) {
    this.failure = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  onRequest(method, handler) { this.requestHandlers.set(method, handler); }

  onNotification(method, handler) { this.notificationHandlers.set(method, handler); }

  send(message) {
    if (this.failure) return; // requests fail with it; nothing else can be sent
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    if (!this.failure) this.send({ method, params });
  }

  async initialize(params) {
    const result = await this.request("initialize", params);
    this.capabilities = result.capabilities;
    this.notify("initialized", {});
    return result;
  }

  async shutdown() {
    if (this.failure) return;
    try {
      await this.request("shutdown", null);
      this.notify("exit", null);
    } catch (error) {
      this.log(`shutdown: ${error.message}`);
    }
    const timer = setTimeout(() => this.process.kill(), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) {
        this.log(`dropping a message without Content-Length: ${header}`);
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      let message;
      try {
        message = JSON.parse(body);
      } catch (error) {
        this.log(`dropping a message that is not JSON: ${error.message}`);
        continue;
      }
      this.dispatch(message);
    }
  }

  async dispatch(message) {
    if (message.method === undefined) { // a response
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting.resolve(message.result);
      return;
    }
    if (message.id === undefined) { // a notification
      const handler = this.notificationHandlers.get(message.method);
      if (handler) {
        try { handler(message.params); } catch (error) { this.log(`${message.method}: ${error.stack || error}`); }
      }
      return;
    }
    const handler = this.requestHandlers.get(message.method);
    if (!handler) {
      this.send({ id: message.id, error: { code: -32601, message: `unhandled method ${message.method}` } });
      return;
    }
    try {
      const result = await handler(message.params);
      this.send({ id: message.id, result: result === undefined ? null : result });
    } catch (error) {
      this.send({ id: message.id, error: { code: -32603, message: String(error.message || error) } });
    }
  }
}

module.exports = { Connection };
