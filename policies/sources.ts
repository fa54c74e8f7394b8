/**
 * The sources rules cite: national standards, laws, ministerial regulations and the provincial and
 * municipal documents of the seeds, each with its real designation, edition, title and the clauses
 * the rules use, titled as the source titles them. A rule's clause is `cite(...)` of one of these,
 * so its title cannot drift from the source's; tests/policies/clauses.test.ts fails on a clause that
 * is not listed here, on a bare section heading and on a derived rule that does not say what it is
 * derived from.
 *
 * Where a rule is the project's own concrete form of a clause (a Kubernetes control for "least
 * privilege", an algorithm list for "algorithms per the national standards") the clause is marked
 * `derived: true` and `derivedFrom` names what it derives from; reports and docs say so.
 */
import type { Clause } from "./types.js";

export type SourceKind = "national standard" | "law" | "regulation" | "provincial document" | "municipal document" | "govcloud";

export interface Source {
  /** Designation: a standard's number without its year, a law's name, a document's number (文号) or, lacking one, its title. */
  readonly standard: string;
  /** Edition: a standard's year, a law's last amendment, a document's date of issue. */
  readonly edition: string;
  /** How a citation names it, e.g. "GB/T 22239-2019". */
  readonly cite: string;
  /** The full title of the source. */
  readonly title: string;
  readonly kind: SourceKind;
  /** Notes on status and on what was (not) verified, for docs/policies.md. */
  readonly note?: string;
  /** Clause number → its title as the source titles it (English gloss in parentheses). */
  readonly clauses: Readonly<Record<string, string>>;
  /** Section headings that only group clauses: citing one is a bare heading, and a test fails on it. */
  readonly headings?: readonly string[];
}

const GB22239 = "GB/T 22239";

export const SOURCES: readonly Source[] = [
  {
    standard: GB22239,
    edition: "2019",
    cite: "GB/T 22239-2019",
    title: "信息安全技术 网络安全等级保护基本要求 (Baseline for classified protection of cybersecurity, MLPS 2.0)",
    kind: "national standard",
    note: "Level 2 = chapter 7, level 3 = chapter 8; x.1 general requirements, x.2 cloud computing extension. Clause numbers and titles as in the published text (checked from memory of the standard's table of contents; no copy of the text was available here).",
    clauses: {
      "7.1.4.2": "安全计算环境—访问控制 (computing environment: access control)",
      "7.1.4.3": "安全计算环境—安全审计 (computing environment: security audit)",
      "7.1.4.4": "安全计算环境—入侵防范 (computing environment: intrusion prevention)",
      "7.1.4.6": "安全计算环境—可信验证 (computing environment: trusted verification)",
      "7.1.5.2": "安全管理中心—审计管理 (security management centre: audit administration)",
      "7.1.9.1": "安全建设管理—定级和备案 (construction management: grading and filing)",
      "7.2.2.1": "云计算安全扩展—安全通信网络—网络架构 (cloud extension: network architecture)",
      "7.2.3.1": "云计算安全扩展—安全区域边界—访问控制 (cloud extension: area boundary access control)",
      "8.1.2.1": "安全通信网络—网络架构 (communication network: network architecture, 划分网络区域)",
      "8.1.3.1": "安全区域边界—边界防护 (area boundary: boundary protection)",
      "8.1.3.2": "安全区域边界—访问控制 (area boundary: access control)",
      "8.1.4.2": "安全计算环境—访问控制 (computing environment: access control)",
      "8.1.4.4": "安全计算环境—入侵防范 (computing environment: intrusion prevention)",
      "8.1.4.9": "安全计算环境—数据备份恢复 (computing environment: data backup and recovery)",
      "8.1.7.1": "安全管理机构—岗位设置 (security organisation: posts)",
      "8.1.9.9": "安全建设管理—等级测评 (construction management: grading assessment)",
      "8.2.4.3": "云计算安全扩展—安全计算环境—入侵防范 (cloud extension: computing environment intrusion prevention)",
      "8.2.4.5": "云计算安全扩展—安全计算环境—数据完整性和保密性 (cloud extension: data integrity and confidentiality)",
    },
    headings: ["7", "7.1", "7.2", "8", "8.1", "8.2", "7.1.2", "7.1.3", "7.1.4", "7.1.5", "7.1.9", "7.2.2", "7.2.3", "7.2.4", "8.1.2", "8.1.3", "8.1.4", "8.1.5", "8.1.7", "8.1.9", "8.2.2", "8.2.3", "8.2.4"],
  },
  {
    standard: "GB/T 39786",
    edition: "2021",
    cite: "GB/T 39786-2021",
    title: "信息安全技术 信息系统密码应用基本要求 (Baseline for information system cryptography application)",
    kind: "national standard",
    note: "Level 2 = chapter 7, level 3 = chapter 8. At level 2 the technical items are mostly 宜 (recommended), at level 3 identity authentication and the confidentiality of important data are 应 (shall). The standard names no algorithm to ban: chapter 5 requires algorithms that comply with the national and industry cryptography standards (SM2 GB/T 32918, SM3 GB/T 32905, SM4 GB/T 32907).",
    clauses: {
      "5 a)": "通用要求: 密码算法应符合法律、法规的规定和密码相关国家标准、行业标准的有关要求 (general: algorithms per the national cryptography standards)",
      "7.2 c)": "第二级 网络和通信安全: 宜采用密码技术保证通信过程中重要数据的机密性 (level 2, recommended: confidentiality in transit)",
      "8.2 a)": "第三级 网络和通信安全: 应采用密码技术对通信实体进行身份鉴别 (level 3, shall: authentication of communicating entities)",
      "8.2 c)": "第三级 网络和通信安全: 应采用密码技术保证通信过程中重要数据的机密性 (level 3, shall: confidentiality of important data in transit)",
      "8.4 d)": "第三级 应用和数据安全: 应采用密码技术保证重要数据在传输过程中的机密性 (level 3, shall: important data confidential in transmission)",
      "8.4 e)": "第三级 应用和数据安全: 应采用密码技术保证重要数据在存储过程中的机密性 (level 3, shall: important data confidential in storage)",
    },
    headings: ["5", "7", "7.2", "7.4", "8", "8.2", "8.4"],
  },
  {
    standard: "GB/T 43697",
    edition: "2024",
    cite: "GB/T 43697-2024",
    title: "数据安全技术 数据分类分级规则 (Rules for data classification and grading)",
    kind: "national standard",
    note: "Chapter 5 is 数据分类规则 (classification), chapter 6 数据分级规则 (grading: core, important, general), 6.3 数据分级要素 (grading elements). The standard grades data; it does not prescribe network placement, MLPS levels or DR: rules that place core data are derivations.",
    clauses: {
      "6.3": "数据分级要素 (data grading elements)",
    },
    headings: ["5", "6"],
  },
  {
    standard: "GB/T 20988",
    edition: "2025",
    cite: "GB/T 20988-2025",
    title: "网络安全技术 信息系统灾难恢复规范 (Disaster recovery specifications for information systems)",
    kind: "national standard",
    note: "Published 2025-06-30, in force 2026-01-01; replaces GB/T 20988-2007 and GB/T 30285-2013. Chapter titles from its table of contents. The six capability levels (1 基本支持 … 6 数据零丢失和远程集群支持) are those of GB/T 20988-2007 Annex A (normative); the RTO/RPO ranges per level come from that edition's informative example (Annex D), not from the level definitions; where the 2025 edition places the levels was not verified.",
    clauses: {
      "6.2": "灾难恢复策略的制定 (DR strategy)",
      "6.4": "灾难恢复中心选址和等级 (DR centre siting and levels)",
      "7.1": "灾难恢复系统建设 (building the DR system)",
      "8.1": "灾难恢复预案制定及管理 (DR plans: drafting and management)",
    },
    headings: ["6", "7", "8"],
  },
  {
    standard: "中华人民共和国网络安全法",
    edition: "2025",
    cite: "网络安全法 (2025年修正)",
    title: "中华人民共和国网络安全法 (Cybersecurity Law), as amended by the NPCSC decision of 2025-10-28, in force 2026-01-01",
    kind: "law",
    note: "The 2025 amendment inserted a new art. 3 and a new art. 20 and renumbered: the classified-protection duties of the former art. 21 (logs kept ≥ 6 months, 21(3)) are now art. 23 (the decision's new art. 61 refers to \"本法第二十三条、第二十七条\", formerly arts. 21 and 25).",
    clauses: {
      "art. 23": "网络安全等级保护制度; 第(三)项 留存相关的网络日志不少于六个月 (classified protection; item 3: logs kept at least six months)",
    },
  },
  {
    standard: "中华人民共和国数据安全法",
    edition: "2021",
    cite: "数据安全法 (2021)",
    title: "中华人民共和国数据安全法 (Data Security Law)",
    kind: "law",
    clauses: {
      "art. 21": "数据分类分级保护制度; 国家核心数据实行更加严格的管理制度 (classified and graded protection; core data under a stricter regime)",
      "art. 27": "数据安全保护义务: 采取相应的技术措施, 在网络安全等级保护制度的基础上 (data security duties: technical measures, on the basis of MLPS)",
    },
  },
  {
    standard: "公通字〔2007〕43号",
    edition: "2007",
    cite: "信息安全等级保护管理办法 (公通字〔2007〕43号)",
    title: "信息安全等级保护管理办法 (Administrative measures for classified protection of information security)",
    kind: "regulation",
    note: "Still the measures that set the filing deadline and testing frequency (the draft 网络安全等级保护条例 was not in force when this was written).",
    clauses: {
      "art. 14": "等级测评: 第三级信息系统应当每年至少进行一次等级测评 (level 3 tested at least once a year)",
      "art. 15": "备案: 第二级以上信息系统在安全保护等级确定后30日内到公安机关办理备案手续 (level 2+ filed with the public security organ within 30 days)",
    },
  },
  {
    standard: "中办发〔2002〕17号",
    edition: "2002",
    cite: "中办发〔2002〕17号",
    title: "国家信息化领导小组关于我国电子政务建设指导意见 (Guidance on e-government construction)",
    kind: "regulation",
    note: "The clause is the document's sentence on the network (政务内网和政务外网…两网之间物理隔离, 政务外网与互联网之间逻辑隔离); its section number was not verified.",
    clauses: {
      "政务内网与政务外网物理隔离": "电子政务网络: 两网之间物理隔离, 政务外网与互联网逻辑隔离 (intranet and extranet physically isolated)",
    },
  },
  {
    standard: "晋政办发〔2019〕92号",
    edition: "2019",
    cite: "晋政办发〔2019〕92号",
    title: "山西省加快“数字政府”建设实施方案 (seed 000; number as cited by seed 001)",
    kind: "provincial document",
    clauses: {
      "二(一)1": "建立“一局一中心一公司”管理架构 (bureau, service centre and operating company)",
      "二(二)5": "建设完善全省政务云平台: 各级各部门不再新建或扩建政务云平台, 县级不再建设 (no new clouds)",
      "二(二)6": "建设完善全省电子政务外网: 推进部门非涉密业务专网整合; 整合互联网出口, 统一管控 (private networks folded; internet exits consolidated)",
      "二(三)8": "优化提升政务信息资源共享体系: 业务系统按统一规范接入共享平台 (systems join the sharing platform)",
    },
    headings: ["二", "二(一)", "二(二)", "二(三)"],
  },
  {
    standard: "长治市加快数字政府建设实施方案",
    edition: "2020-09-11",
    cite: "长治市加快数字政府建设实施方案 (长治市人民政府办公室, 2020-09-11)",
    title: "长治市加快数字政府建设实施方案 (seed 001; issued by the Changzhi municipal government office on 2020-09-11; its document number is not in the seed)",
    kind: "municipal document",
    note: "A Changzhi rule: it binds Changzhi's departments, not the province.",
    clauses: {
      "三(一)2": "健全数字政府建设运营模式: 市政府信息中心负责技术审核和市级政务云平台服务目录 (municipal information centre)",
      "三(二)4": "建设完善全市政务云平台: 未按期迁移的不得申请财政预算 (migration deadline; no budget when overdue)",
      "三(五)14": "保障电子政务网络运行安全: 开展网络安全等级保护定级、备案、测评等工作 (MLPS grading, filing and testing)",
    },
    headings: ["三", "三(一)", "三(二)", "三(五)"],
  },
  {
    standard: "晋政办发〔2023〕82号",
    edition: "2023-12-28",
    cite: "晋政办发〔2023〕82号",
    title: "山西省数字政府建设规划（2023-2025年） (seed 002)",
    kind: "provincial document",
    clauses: {
      "二(二)": "建设目标: 到2025年底信息系统自主可控率达到80% (targets: autonomy rate 80% by end-2025)",
      "四(一)": "优化全省政务“一朵云”: 各市、省直各部门不再新建或扩建政务云平台, 县级不再建设 (one cloud; no new clouds)",
      "四(二)": "升级全省政务“一张网”: 骨干万兆/千兆, 一网双平面 IPv6, 非涉密业务专网向外网整合迁移, 原则上不再新建业务专网 (one network)",
      "四(五)": "构建全方位安全保障“一城墙”: 专业建设单位对政务云平台负安全主体责任, 各政务部门对已上云系统和数据负责 (one wall; responsibility split)",
      "专栏10": "政务网络优化升级工程: 省、市、县、乡、村五级全覆盖 (network upgrade: five levels covered)",
      "专栏13": "安全保障体系优化升级工程: 密码应用改造, 全面开展密码应用安全性评估 (crypto application and 密评)",
    },
    headings: ["二", "四"],
  },
  {
    standard: "山西省政务信息系统整合共享工作方案",
    edition: "2017-09-28",
    cite: "山西省政务信息系统整合共享工作方案 (山西省人民政府办公厅, 2017-09-28)",
    title: "山西省政务信息系统整合共享工作方案 (seed 003; issued by the provincial government office on 2017-09-28; its document number is not in the seed)",
    kind: "provincial document",
    clauses: {
      "二(一)": "开展专项督查清理工作, 加快消除“僵尸”信息系统 (zombie systems: five criteria)",
      "二(三)": "加快推进基础设施建设: 政府各类业务专网都要向省电子政务内网或外网整合 (private networks folded in)",
      "二(四)": "推进电子政务数据共享交换平台建设: 整合后的系统统一接入省级数据共享交换平台 (systems join the exchange platform)",
    },
    headings: ["二"],
  },
  {
    standard: "山西省数字政府建设规划（2020-2022年）",
    edition: "2020",
    cite: "山西省数字政府建设规划（2020-2022年）",
    title: "山西省数字政府建设规划（2020-2022年） (seed 004 is a press report of it; its document number is not in the seed)",
    kind: "provincial document",
    clauses: {
      "“一朵云”": "构建“一朵云”: 提供计算、存储、中间件、数据库、大数据、人工智能等基础服务 (the cloud offers big data and AI services)",
    },
  },
  {
    standard: "govcloud",
    edition: "convention",
    cite: "govcloud convention",
    title: "a convention of this project, where no binding source was found",
    kind: "govcloud",
    clauses: {
      exceptions: "exceptions are time-limited and specific",
    },
  },
];

const key = (standard: string, edition: string) => `${standard}\u0000${edition}`;
const index = new Map(SOURCES.map((s) => [key(s.standard, s.edition), s]));

/** The source a clause cites, if it is a known one. */
export const sourceOf = (c: Pick<Clause, "standard" | "edition">): Source | undefined => index.get(key(c.standard, c.edition));

/**
 * A clause of a known source, titled as the source titles it. `derivedFrom` marks the rule as the
 * project's derivation and says from what (the clause itself, other clauses, the reasoning).
 */
export function cite(standard: string, edition: string, clause: string, derivedFrom?: string): Clause {
  const title = index.get(key(standard, edition))?.clauses[clause] ?? "";
  return derivedFrom ? { standard, edition, clause, title, derived: true, derivedFrom } : { standard, edition, clause, title, derived: false };
}

/** GB/T 22239-2019 (MLPS 2.0) clause. */
export const mlps = (clause: string, derivedFrom?: string): Clause => cite(GB22239, "2019", clause, derivedFrom);

/** "GB/T 22239-2019 8.1.3.1": how reports name a clause. */
export function citation(c: Pick<Clause, "standard" | "edition" | "clause">): string {
  const s = sourceOf(c);
  return `${s ? s.cite : `${c.standard} (${c.edition})`} ${c.clause}`;
}

/** One line for help texts: citation, title, and "derived from …" when the rule is a derivation. */
export function citationLong(c: Clause): string {
  const base = `${citation(c)}${c.title ? ` ${c.title}` : ""}`;
  return c.derived ? `${base}; derived (the project's rule, not the clause's text) from ${c.derivedFrom ?? "the clause"}` : base;
}

/**
 * What is wrong with a clause, if anything: an unknown source or edition, a clause the source does not
 * have, a title other than the source's, a bare section heading, a derivation that does not say from
 * what, or a `derivedFrom` on a clause that is not derived. Empty when the clause is well formed.
 */
export function clauseProblems(c: Clause): readonly string[] {
  const out: string[] = [];
  const s = sourceOf(c);
  if (!s) return [`unknown source "${c.standard}" edition "${c.edition}" (add it to policies/sources.ts with its clauses)`];
  if (s.headings?.includes(c.clause)) out.push(`${citation(c)} is a bare section heading: cite the clause (or item) under it`);
  else if (!(c.clause in s.clauses)) out.push(`${s.cite} has no clause "${c.clause}" in policies/sources.ts`);
  else if (c.title !== s.clauses[c.clause]) out.push(`the title of ${citation(c)} is "${c.title}", the source's is "${s.clauses[c.clause]}"`);
  if (typeof c.derived !== "boolean") out.push("derived must be true or false");
  if (c.derived && (c.derivedFrom === undefined || c.derivedFrom.trim().length < 20)) out.push(`a derived rule must say what it is derived from (derivedFrom)`);
  if (!c.derived && c.derivedFrom !== undefined) out.push("derivedFrom on a clause that is not derived");
  return out;
}
