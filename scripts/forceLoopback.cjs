// Preloaded into the Agents Playground (node -r): its server calls listen(port) with no host, which binds every
// interface. This keeps it on 127.0.0.1 so a local test client is never reachable from the network.
const net = require('node:net');
const original = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  if ((typeof args[0] === 'number' || /^\d+$/.test(String(args[0]))) && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && !args[0].path && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return original.apply(this, args);
};
