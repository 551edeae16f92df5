// Drives @snazzah/davey as independent DAVE group members for Pandora's interoperability tests, and plays the
// voice gateway's external sender with node:crypto (davey has no external-sender role).
// Protocol: one JSON object per line on stdin ({id, cmd, ...}); one JSON answer per line on stdout
// ({id, ok: true, ...} or {id, ok: false, error}). Bytes travel as lowercase hex.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let davey;
try {
  davey = require('@snazzah/davey');
} catch (err) {
  process.stdout.write(JSON.stringify({ id: 0, ok: false, error: `@snazzah/davey is not installed: ${err.message}` }) + '\n');
  process.exit(2);
}

const hex = (buf) => Buffer.from(buf).toString('hex');
const bytes = (h) => Buffer.from(h ?? '', 'hex');

// MLS variable-length vector prefix (RFC 9420 §2.1.2), shortest form.
function vl(buf) {
  const n = buf.length;
  if (n < 64) return Buffer.concat([Buffer.from([n]), buf]);
  if (n < 16384) return Buffer.concat([Buffer.from([0x40 | (n >> 8), n & 0xff]), buf]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE((0x80000000 | n) >>> 0);
  return Buffer.concat([head, buf]);
}

const u16 = (v) => { const b = Buffer.alloc(2); b.writeUInt16BE(v); return b; };
const u32 = (v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; };
const u64 = (v) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(v)); return b; };

// The external sender: one P-256 key; ExternalSender = signature_key<V> ‖ basic credential with identity 0x00.
class ExternalSender {
  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicKey = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')]);
  }

  package() {
    return Buffer.concat([vl(this.publicKey), u16(1), vl(Buffer.from([0]))]);
  }

  // One PublicMessage proposal from external sender 0: FramedContent signed over FramedContentTBS without
  // a GroupContext (RFC 9420 §6.1, external senders).
  proposal(groupId, epoch, type, body) {
    const content = Buffer.concat([
      vl(groupId), u64(epoch), Buffer.from([2]), u32(0), vl(Buffer.alloc(0)), Buffer.from([2]), u16(type), body,
    ]);
    const tbs = Buffer.concat([vl(Buffer.from('MLS 1.0 FramedContentTBS')), vl(Buffer.concat([u16(1), u16(1), content]))]);
    const signature = sign('sha256', tbs, { key: this.privateKey, dsaEncoding: 'der' });
    const authenticated = Buffer.concat([u16(1), content, vl(signature)]);
    const ref = createHash('sha256')
      .update(Buffer.concat([vl(Buffer.from('MLS 1.0 Proposal Reference')), vl(authenticated)]))
      .digest();
    return { message: Buffer.concat([u16(1), authenticated]), ref };
  }
}

const sessions = new Map();
const senders = new Map();

function session(name) {
  const s = sessions.get(name);
  if (!s) throw new Error(`no session ${name}`);
  return s;
}

function info(s) {
  return {
    epoch: s.epoch === null || s.epoch === undefined ? null : Number(s.epoch),
    status: s.status,
    ready: s.ready,
    leaf: s.ownLeafIndex ?? null,
    privacyCode: s.voicePrivacyCode,
    authenticator: s.getEpochAuthenticator() ? hex(s.getEpochAuthenticator()) : null,
    userIds: s.getUserIds(),
  };
}

const commands = {
  version: () => ({ version: davey.VERSION, protocol: davey.DAVE_PROTOCOL_VERSION }),
  displayableCode: (m) => ({ code: davey.generateDisplayableCode(bytes(m.hex), m.length, m.group) }),

  'sender.create': (m) => {
    const s = new ExternalSender();
    senders.set(m.name, s);
    return { hex: hex(s.package()), publicKey: hex(s.publicKey) };
  },
  // op 27 append: 00 ‖ proposal_messages<V>; adds carry bare KeyPackages, removes a u32 leaf index.
  'sender.propose': (m) => {
    const s = senders.get(m.name);
    const groupId = bytes(m.groupId);
    const made = [];
    for (const kp of m.adds ?? []) made.push(s.proposal(groupId, m.epoch, 1, bytes(kp)));
    for (const leaf of m.removes ?? []) made.push(s.proposal(groupId, m.epoch, 3, u32(leaf)));
    const payload = Buffer.concat([Buffer.from([0]), vl(Buffer.concat(made.map((x) => x.message)))]);
    return { hex: hex(payload), refs: made.map((x) => hex(x.ref)), messages: made.map((x) => hex(x.message)) };
  },
  // op 27 revoke: 01 ‖ proposal_refs<V> of ProposalRef<V>.
  'sender.revoke': (m) => ({
    hex: hex(Buffer.concat([Buffer.from([1]), vl(Buffer.concat(m.refs.map((r) => vl(bytes(r)))))])),
  }),

  'session.create': (m) => {
    sessions.set(m.name, new davey.DAVESession(1, m.userId, m.channelId));
    return info(session(m.name));
  },
  'session.setExternalSender': (m) => { session(m.name).setExternalSender(bytes(m.hex)); return {}; },
  'session.keyPackage': (m) => ({ hex: hex(session(m.name).getSerializedKeyPackage()) }),
  // hex is the whole op 27 payload (op type byte first).
  'session.processProposals': (m) => {
    const payload = bytes(m.hex);
    const result = session(m.name).processProposals(payload[0], payload.subarray(1), m.recognized ?? null);
    return { commit: result.commit ? hex(result.commit) : null, welcome: result.welcome ? hex(result.welcome) : null };
  },
  'session.processCommit': (m) => { session(m.name).processCommit(bytes(m.hex)); return info(session(m.name)); },
  'session.processWelcome': (m) => { session(m.name).processWelcome(bytes(m.hex)); return info(session(m.name)); },
  'session.info': (m) => info(session(m.name)),
  'session.encrypt': (m) => ({ hex: hex(session(m.name).encryptOpus(bytes(m.hex))) }),
  'session.decrypt': (m) => ({ hex: hex(session(m.name).decrypt(m.userId, 0, bytes(m.hex))) }),
  'session.setPassthrough': (m) => { session(m.name).setPassthroughMode(m.on, m.expiry ?? 10); return {}; },
  'session.stats': (m) => ({ stats: session(m.name).getDecryptionStats(m.userId, 0) }),
};

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let id = null;
  let reply;
  try {
    const m = JSON.parse(line);
    id = m.id;
    const fn = commands[m.cmd];
    if (!fn) throw new Error(`unknown command ${m.cmd}`);
    reply = { id, ok: true, ...fn(m) };
  } catch (err) {
    reply = { id, ok: false, error: String(err?.message ?? err) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
rl.on('close', () => process.exit(0));
