/**
 * Commercial cryptography (商用密码) pack: GB/T 39786-2021 (信息系统密码应用基本要求), whose level-3
 * requirements are chapter 8 (8.2 network and communication, 8.4 application and data) and level-2
 * chapter 7, with the 国密 algorithms SM2/SM3/SM4 and TLCP (GB/T 38636-2020).
 */
import { cite, mlps } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";
import { DATA_LEVEL_NAMES, daysBetween, isImportantOrCore } from "../support.js";

const gbt39786 = (clause: string, derivedFrom?: string) => cite("GB/T 39786", "2021", clause, derivedFrom);
/**
 * GB/T 39786-2021 asks level 2 systems only to *consider* (宜) cryptography in transit (7.2 c)) and level
 * 3 systems to use it for important data (应, 8.2 c)): rules on TLS fail at level 3 and warn below it.
 */
const RECOMMENDED_BELOW = 3;
const inTransitWarning = " (recommended, 宜, below MLPS level 3: GB/T 39786-2021 7.2 c))";
/** The algorithm bans are not in GB/T 39786-2021, which only asks for algorithms per the national standards. */
const ALGORITHMS =
  "GB/T 39786-2021 5 a) (algorithms that comply with the national and industry cryptography standards) and the deprecations of NIST SP 800-131A Rev. 2 (RSA keys under 2048 bits, SHA-1 signatures and DES/two-key 3DES disallowed); MD5 has no approved use in either";

/**
 * A gateway class is 国密-capable (terminates TLCP with SM2 certificates) when its name carries one of
 * these tokens, e.g. `gm-tls`, `tlcp-gateway`, `higress-gm` (convention: gateway classes are named by
 * what they terminate).
 */
const GM_TOKENS: ReadonlySet<string> = new Set(["gm", "tlcp", "sm2", "guomi"]);
export const isGmGatewayClass = (name: string | undefined): boolean =>
  name !== undefined && name.toLowerCase().split(/[-_.]/).some((t) => GM_TOKENS.has(t));

/** Algorithms no longer allowed: broken hashes and ciphers, short RSA keys. */
const BANNED_SIGNATURES: ReadonlySet<string> = new Set(["MD5withRSA", "SHA1withRSA"]);
const BANNED_KEYS: ReadonlySet<string> = new Set(["RSA-1024"]);
const BANNED_CIPHERS: ReadonlySet<string> = new Set(["DES", "3DES"]);

const none: readonly Violation[] = [];
/** How often a level 3 system is assessed (密评): yearly, a convention (the seeds say 全面开展, not how often). */
export const CRYPTO_ASSESSMENT_INTERVAL_DAYS = 365;

interface IngressTls {
  readonly hosts?: readonly string[];
  readonly secretName?: string;
}
interface IngressRule {
  readonly host?: string;
}


/** Hosts of an Ingress that no TLS entry covers. */
function plainHosts(objectSpec: unknown): readonly Violation[] {
  const spec = objectSpec as { tls?: readonly IngressTls[]; rules?: readonly IngressRule[] } | undefined;
  const tls = spec?.tls ?? [];
  if (tls.length === 0) return [{ message: "the Ingress has no TLS section: every host is served over plain HTTP", path: ["spec"] }];
  const covered = new Set<string>();
  let defaultCert = false;
  for (const t of tls) {
    if (!t.hosts || t.hosts.length === 0) defaultCert = true;
    for (const h of t.hosts ?? []) covered.add(h);
  }
  const isCovered = (host: string | undefined) =>
    host === undefined ? defaultCert : covered.has(host) || (host.includes(".") && covered.has(`*.${host.slice(host.indexOf(".") + 1)}`));
  const rules = spec?.rules ?? [];
  const first = rules.findIndex((r) => !isCovered(r.host));
  if (first < 0) return none;
  const plain = [...new Set(rules.filter((r) => !isCovered(r.host)).map((r) => r.host ?? "(any host)"))];
  return [
    {
      message: `${plain.length === 1 ? "host" : "hosts"} ${plain.join(", ")} ${plain.length === 1 ? "is" : "are"} served without TLS`,
      path: rules[first]!.host !== undefined ? ["spec", "rules", first, "host"] : ["spec", "rules", first],
    },
  ];
}

export const rules: readonly Rule[] = [
  {
    id: "CRYPTO-TLS-001",
    title: "TLS on every ingress",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("8.2 c)", "GB/T 39786-2021 8.2 c) (level 3, shall: confidentiality of important data in transit) with TLS as the channel; at level 2 the same item is recommended (宜, 7.2 c)) and the rule only warns"),
    target: "request",
    description: "A system that users reach over HTTP must serve HTTPS: plain HTTP exposes credentials and personal data on the extranet and the internet. Required (应) at MLPS level 3; below it a recommendation (宜), reported as a warning.",
    remediation: "Add spec.ingress.tls with the server certificate's algorithms (SM2 / SM3withSM2 on a 国密 gateway for MLPS level 3 systems).",
    check: ({ request }) => {
      const ingress = request.doc.spec.ingress;
      if (!ingress || ingress.tls) return none;
      const message = `${ingress.hosts.join(", ")} ${ingress.hosts.length === 1 ? "is" : "are"} served without TLS`;
      if (request.doc.spec.mlpsLevel < RECOMMENDED_BELOW) return [{ result: "warn", message: message + inTransitWarning, path: ["spec", "ingress"] }];
      return [{ message, path: ["spec", "ingress"] }];
    },
  },
  {
    id: "CRYPTO-TLS-002",
    title: "Internet-facing MLPS level 3 systems terminate on a 国密 gateway",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("8.2 a)", "GB/T 39786-2021 8.2 a) (level 3, shall: authenticate communicating entities with cryptography) and 5 a) (national algorithms: SM2), with TLCP (GB/T 38636-2020) terminated on a 国密 gateway class as the concrete form"),
    target: "request",
    description:
      "An MLPS level 3 (等保三级) system reachable from the internet must authenticate and encrypt the channel with 国密 algorithms: TLS has to terminate on a TLCP-capable gateway class holding an SM2 signing and encryption certificate pair.",
    remediation: "Set spec.ingress.gatewayClass to the 国密-capable class (e.g. gm-tls) and issue an SM2 certificate pair (SM3withSM2) for the hosts.",
    check: ({ request }) => {
      const s = request.doc.spec;
      const ingress = s.ingress;
      if (!ingress?.internetFacing || s.mlpsLevel < 3 || isGmGatewayClass(ingress.gatewayClass)) return none;
      return [
        {
          message: ingress.gatewayClass
            ? `internet-facing MLPS level ${s.mlpsLevel} system terminates TLS on gateway class "${ingress.gatewayClass}", which is not 国密 (TLCP) capable`
            : `internet-facing MLPS level ${s.mlpsLevel} system names no gateway class, so TLS terminates on the default, non-国密 gateway`,
          path: ingress.gatewayClass ? ["spec", "ingress", "gatewayClass"] : ["spec", "ingress"],
        },
      ];
    },
  },
  {
    id: "CRYPTO-TLS-003",
    title: "Every host of an Ingress is covered by TLS",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("8.2 c)", "GB/T 39786-2021 8.2 c) (level 3, shall: confidentiality of important data in transit): every host of an Ingress behind TLS; at level 2 (宜, 7.2 c)) the rule only warns"),
    target: "object",
    kinds: ["Ingress"],
    description: "An Ingress rule for a host that no spec.tls entry covers is served over plain HTTP.",
    remediation: "List every host of spec.rules under a spec.tls entry with the secret holding its certificate.",
    check: (ctx) => {
      const out = plainHosts((ctx.object as { readonly spec?: unknown }).spec);
      if (out.length === 0 || ctx.level >= RECOMMENDED_BELOW) return out;
      return out.map((v) => ({ ...v, result: "warn" as const, message: v.message + inTransitWarning }));
    },
  },
  {
    id: "CRYPTO-CERT-001",
    title: "No RSA key shorter than 2048 bits",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("5 a)", ALGORITHMS),
    target: "request",
    description: "RSA keys below 2048 bits can be factored with practical effort; certificates with such keys authenticate nobody.",
    remediation: "Reissue the certificate with an SM2 key (RSA-2048 or longer only where 国密 is not required).",
    check: ({ request }) => {
      const tls = request.doc.spec.ingress?.tls;
      if (!tls || !BANNED_KEYS.has(tls.keyAlgorithm)) return none;
      return [{ message: `the certificate uses ${tls.keyAlgorithm}, a key shorter than 2048 bits`, path: ["spec", "ingress", "tls", "keyAlgorithm"] }];
    },
  },
  {
    id: "CRYPTO-CERT-002",
    title: "No MD5 or SHA-1 signatures",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("5 a)", ALGORITHMS),
    target: "request",
    description: "MD5 and SHA-1 are broken: collisions let an attacker forge a certificate that validates as the server's.",
    remediation: "Reissue the certificate signed with SM3withSM2 (OID 1.2.156.10197.1.501), or SHA-256 or stronger where 国密 is not required.",
    check: ({ request }) => {
      const tls = request.doc.spec.ingress?.tls;
      if (!tls || !BANNED_SIGNATURES.has(tls.signatureAlgorithm)) return none;
      return [{ message: `the certificate is signed with ${tls.signatureAlgorithm}`, path: ["spec", "ingress", "tls", "signatureAlgorithm"] }];
    },
  },
  {
    id: "CRYPTO-CERT-003",
    title: "MLPS level 3 systems use SM2 certificates signed with SM3withSM2",
    pack: "crypto",
    severity: "medium",
    clause: gbt39786("8.2 a)", "GB/T 39786-2021 8.2 a) (level 3, shall: authenticate communicating entities with cryptography) and 5 a) (national algorithms: SM2 GB/T 32918, SM3 GB/T 32905): an SM2 certificate signed with SM3withSM2"),
    target: "request",
    description: "At level 3, communicating entities authenticate with SM2 certificates signed with SM3withSM2 (OID 1.2.156.10197.1.501), which a 密评 (commercial cryptography assessment) checks.",
    remediation: "Issue the server certificate with keyAlgorithm SM2 and signatureAlgorithm SM3withSM2 from a 国密 CA.",
    check: ({ request }) => {
      const s = request.doc.spec;
      const tls = s.ingress?.tls;
      if (!tls || s.mlpsLevel < 3) return none;
      const out: Violation[] = [];
      if (tls.keyAlgorithm !== "SM2") out.push({ message: `MLPS level ${s.mlpsLevel} system's certificate key is ${tls.keyAlgorithm}, not SM2`, path: ["spec", "ingress", "tls", "keyAlgorithm"] });
      if (tls.signatureAlgorithm !== "SM3withSM2")
        out.push({ message: `MLPS level ${s.mlpsLevel} system's certificate is signed with ${tls.signatureAlgorithm}, not SM3withSM2`, path: ["spec", "ingress", "tls", "signatureAlgorithm"] });
      return out;
    },
  },
  {
    id: "CRYPTO-REST-001",
    title: "No DES or 3DES encryption at rest",
    pack: "crypto",
    severity: "high",
    clause: gbt39786("5 a)", ALGORITHMS),
    target: "request",
    description: "DES and 3DES have 56-bit and at most 112-bit effective keys and 64-bit blocks: they no longer protect stored data.",
    remediation: "Re-encrypt the data with SM4 (spec.encryption.atRest: SM4).",
    check: ({ request }) => {
      const cipher = request.doc.spec.encryption?.atRest;
      if (cipher === undefined || !BANNED_CIPHERS.has(cipher)) return none;
      return [{ message: `data at rest is encrypted with ${cipher}, a banned cipher`, path: ["spec", "encryption", "atRest"] }];
    },
  },
  {
    id: "CRYPTO-REST-002",
    title: "Important and core data at rest encrypted with SM4",
    pack: "crypto",
    severity: "medium",
    clause: gbt39786("8.4 e)", "GB/T 39786-2021 8.4 e) (level 3, shall: important data confidential in storage) and 5 a) (national algorithms: SM4 GB/T 32907)"),
    target: "request",
    description:
      "Important (重要数据) and core (核心数据) data is encrypted at rest with the 国密 block cipher SM4; a foreign cipher such as AES does not pass the 密评. (Unencrypted data is DATA-ENC-001's finding, a banned cipher CRYPTO-REST-001's.)",
    remediation: "Switch storage encryption to SM4 (spec.encryption.atRest: SM4), with keys in an SM4-capable KMS or cipher machine.",
    check: ({ request }) => {
      const s = request.doc.spec;
      const cipher = s.encryption?.atRest;
      if (!isImportantOrCore(s.dataLevel) || cipher === undefined || cipher === "none" || cipher === "SM4" || BANNED_CIPHERS.has(cipher)) return none;
      return [{ message: `${DATA_LEVEL_NAMES[s.dataLevel]} data is encrypted at rest with ${cipher}, not SM4`, path: ["spec", "encryption", "atRest"] }];
    },
  },
  {
    id: "CRYPTO-TLCP-001",
    title: "MLPS level 3 systems carry important data over TLCP",
    pack: "crypto",
    severity: "medium",
    clause: gbt39786("8.4 d)", "GB/T 39786-2021 8.4 d) (level 3, shall: important data confidential in transmission) and 5 a) (national algorithms), with TLCP (GB/T 38636-2020) as the concrete form"),
    target: "request",
    description: "At level 3, important and core data in transit is protected with TLCP (SM2 key exchange, SM4 encryption, SM3 integrity) rather than international TLS cipher suites.",
    remediation: "Set spec.encryption.inTransit to TLCP and terminate on a 国密 gateway class (or use a TLCP-capable client and server library).",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3 || !isImportantOrCore(s.dataLevel) || s.encryption?.inTransit !== "TLS") return none;
      return [{ message: `MLPS level ${s.mlpsLevel} system with ${DATA_LEVEL_NAMES[s.dataLevel]} data uses TLS in transit, not TLCP`, path: ["spec", "encryption", "inTransit"] }];
    },
  },
  {
    id: "CRYPTO-KEY-001",
    title: "MLPS level 3 systems hold their own keys for important data",
    pack: "crypto",
    severity: "medium",
    clause: mlps("8.2.4.5", "GB/T 22239-2019 8.2.4.5 d), a duty of the platform (support cloud customers deploying their own key management, so that they encrypt and decrypt themselves): the rule asks a level 3 tenant with important data to use it"),
    target: "request",
    description: "The platform must let cloud customers manage their own keys (GB/T 22239-2019 8.2.4.5 d)); this rule, the project's, asks a level 3 tenant holding important data to use that, so that the platform operator cannot read the data.",
    remediation: "Set spec.encryption.keyCustody to tenant and manage the keys in the department's own KMS tenant or cipher machine.",
    check: ({ request }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3 || !isImportantOrCore(s.dataLevel)) return none;
      const enc = s.encryption;
      if (!enc || enc.atRest === undefined || enc.atRest === "none" || enc.keyCustody === "tenant") return none;
      return [
        {
          message: `the keys of MLPS level ${s.mlpsLevel} system's ${DATA_LEVEL_NAMES[s.dataLevel]} data are held by the platform`,
          path: enc.keyCustody !== undefined ? ["spec", "encryption", "keyCustody"] : ["spec", "encryption"],
        },
      ];
    },
  },
  {
    id: "CRYPTO-EVAL-001",
    title: "MLPS level 3 systems pass a commercial-cryptography assessment (密评)",
    pack: "crypto",
    severity: "medium",
    clause: cite(
      "晋政办发〔2023〕82号",
      "2023-12-28",
      "专栏13",
      `晋政办发〔2023〕82号 专栏13 (全面开展数字政府密码应用及密码应用安全性评估工作): applied to MLPS level 3 systems, with a yearly assessment (${CRYPTO_ASSESSMENT_INTERVAL_DAYS} days) as the project's convention`,
    ),
    target: "request",
    description: `A level 3 system's use of cryptography is assessed (商用密码应用安全性评估, 密评) and does not fail (不符合); the assessment is repeated every ${CRYPTO_ASSESSMENT_INTERVAL_DAYS} days (a convention). Judged from spec.cryptoAssessment.`,
    remediation: "Commission a 密评 from an accredited assessment body, remedy what it finds, and record its date and conclusion in spec.cryptoAssessment.",
    check: ({ request, today }) => {
      const s = request.doc.spec;
      if (s.mlpsLevel < 3) return none;
      const a = s.cryptoAssessment;
      if (!a) return [{ message: "a level 3 system records no commercial-cryptography assessment (spec.cryptoAssessment)", path: ["spec", "mlpsLevel"] }];
      const out: Violation[] = [];
      if (today !== undefined && daysBetween(a.date, today) > CRYPTO_ASSESSMENT_INTERVAL_DAYS) {
        out.push({ message: `the last 密评 was on ${a.date}, ${daysBetween(a.date, today)} days ago`, path: ["spec", "cryptoAssessment", "date"] });
      }
      if (a.result === "fail") out.push({ message: `the 密评 of ${a.date} concluded fail (不符合)`, path: ["spec", "cryptoAssessment", "result"] });
      return out;
    },
  },
];
