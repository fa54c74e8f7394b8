/* Generated from catalog/schema/*.schema.json by `npm run gen:types`. Do not edit by hand. */

/**
 * Version of the govcloud catalog API.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "ApiVersion".
 */
export type ApiVersion = "govcloud.io/v1alpha1";
/**
 * Lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (Kubernetes name rules).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "DnsLabel".
 */
export type DnsLabel = string;
/**
 * Calendar date, YYYY-MM-DD.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Date".
 */
export type Date = string;
/**
 * Tier of the 1+11+N cloud: the provincial cloud, a city cloud or an industry cloud.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "CloudKind".
 */
export type CloudKind = "provincial" | "city" | "industry";
/**
 * Six-digit code of the Ministry of Civil Affairs (e.g. 140100 for 太原市).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "DivisionCode".
 */
export type DivisionCode = string;
/**
 * Classified protection level under GB/T 22239-2019 (MLPS 2.0). Government clouds host levels 1 to 3; level 4 systems are not hosted on a shared cloud.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "MlpsLevel".
 */
export type MlpsLevel = 1 | 2 | 3 | 4;
/**
 * Data classification under GB/T 43697-2024: general (一般数据), important (重要数据) or core (核心数据). A system takes the level of the most sensitive data it holds.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "DataLevel".
 */
export type DataLevel = "general" | "important" | "core";
/**
 * Disaster-recovery capability level 1-6 under GB/T 20988.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "DrLevel".
 */
export type DrLevel = number;
/**
 * Logical zone of the e-government extranet: public (公用网络区), dedicated (专用网络区) or internet-access (互联网接入区).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Zone".
 */
export type Zone = "public" | "dedicated" | "internet-access";
/**
 * A zone of the extranet (public, dedicated, internet-access) or a network outside it: the internet, or the classified intranet (电子政务内网), which is only ever a forbidden destination.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "NetworkEndpoint".
 */
export type NetworkEndpoint = "public" | "dedicated" | "internet-access" | "internet" | "intranet";
/**
 * extranet (电子政务外网), internet (互联网) or intranet (电子政务内网, classified).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "NetworkNetworkName".
 */
export type NetworkNetworkName = "extranet" | "internet" | "intranet";
/**
 * A constant amount, or the value of a parameter times another parameter times a factor.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "OfferingQuotaTerm".
 */
export type OfferingQuotaTerm =
  | number
  | {
      /**
       * Name of a numeric parameter.
       */
      param: string;
      /**
       * Name of a numeric parameter to multiply by (e.g. replicas).
       */
      times?: string;
      /**
       * Constant factor (e.g. 1024 to turn TiB into GiB).
       */
      factor?: number;
    };

/**
 * A department on budget hold (预算冻结; seed 001 三(二)4: 未按期迁移的不得申请财政预算), govcloud.io/v1alpha1, cluster-scoped, named after the department: written by the migration operator while one of the department's systems is past its migration deadline and not migrated, deleted when the last one migrates.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "BudgetHold".
 */
export interface BudgetHold {
  apiVersion: ApiVersion;
  /**
   * Object kind.
   */
  kind: "BudgetHold";
  /**
   * Kubernetes object metadata: the name is the department's id; no namespace (cluster-scoped).
   */
  metadata: {
    name: DnsLabel;
    /**
     * govcloud.io/department.
     */
    labels?: {
      [k: string]: string | undefined;
    };
    /**
     * Free-form annotations.
     */
    annotations?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * Whose budget is held and on what authority.
   */
  spec: {
    department: DnsLabel;
    /**
     * The clause of the hold.
     */
    clause: string;
  };
  /**
   * The overdue systems, written by the migration operator through the status subresource.
   */
  status?: {
    /**
     * The spec generation this status describes.
     */
    observedGeneration?: number;
    /**
     * How many systems hold the budget.
     */
    overdueSystems?: number;
    /**
     * When the first listed system crossed its deadline (RFC 3339).
     */
    heldSince?: string;
    /**
     * The department's systems past their deadline and not migrated.
     */
    systems?: {
      /**
       * The SystemMigration's name.
       */
      name: string;
      /**
       * <department>/<system>.
       */
      system: string;
      /**
       * Its phase as the evidence shows it.
       */
      phase: string;
      deadline: Date;
      /**
       * Days past the deadline.
       */
      daysOverdue: number;
      /**
       * Where the deadline comes from.
       */
      deadlineClause: string;
    }[];
    /**
     * Held: True while systems are listed.
     */
    conditions?: ServiceinstanceCondition[];
  };
}
/**
 * A Kubernetes condition (metav1.Condition).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "ServiceinstanceCondition".
 */
export interface ServiceinstanceCondition {
  /**
   * Condition type, e.g. Ready.
   */
  type: string;
  /**
   * True, False or Unknown.
   */
  status: "True" | "False" | "Unknown";
  /**
   * CamelCase reason.
   */
  reason: string;
  /**
   * Human-readable detail.
   */
  message: string;
  /**
   * When the status last changed (RFC 3339).
   */
  lastTransitionTime: string;
  /**
   * Generation the condition was set for.
   */
  observedGeneration?: number;
}
/**
 * One cloud node of the 1+11+N clouds (estates/<name>/clouds.yaml, one document per node): its sites, capacity, the highest MLPS level it may host and how to reach its cluster.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "CloudNode".
 */
export interface CloudNode {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "CloudNode";
  metadata: Metadata;
  /**
   * The node's tier, place, capacity and access.
   */
  spec: {
    tier: CloudKind;
    /**
     * Human-readable name, e.g. 山西省政务云.
     */
    displayName: string;
    division: DivisionCode;
    /**
     * For an industry cloud, the sector it serves.
     */
    industry?:
      | "public-security"
      | "health"
      | "education"
      | "hr-social-security"
      | "emergency"
      | "energy"
      | "transport"
      | "natural-resources";
    /**
     * Data-centre sites of the node; at least one.
     *
     * @minItems 1
     *
     * Items: A data-centre site.
     */
    sites: [
      {
        name: DnsLabel;
        /**
         * Human-readable site name.
         */
        displayName: string;
        city: DivisionCode;
        /**
         * Share (0-1] of the node's capacity at this site; the shares of a node add up to 1.
         */
        capacityShare: number;
        /**
         * Whether the site offers S3-compatible object storage for backups.
         */
        objectStorage?: boolean;
        /**
         * S3 endpoint URL of the site's object storage, for backup locations; defaults to https://s3.<site>.govcloud.internal.
         */
        objectStorageEndpoint?: string;
      },
      ...{
        name: DnsLabel;
        /**
         * Human-readable site name.
         */
        displayName: string;
        city: DivisionCode;
        /**
         * Share (0-1] of the node's capacity at this site; the shares of a node add up to 1.
         */
        capacityShare: number;
        /**
         * Whether the site offers S3-compatible object storage for backups.
         */
        objectStorage?: boolean;
        /**
         * S3 endpoint URL of the site's object storage, for backup locations; defaults to https://s3.<site>.govcloud.internal.
         */
        objectStorageEndpoint?: string;
      }[]
    ];
    capacity: Capacity;
    operator?: DnsLabel;
    /**
     * The platform's own MLPS level: it may not host a system graded above it.
     */
    maxMlpsLevel: 2 | 3;
    /**
     * Share (0-1) of the node's capacity on domestic CPU + OS (鲲鹏, 飞腾, 海光, 兆芯, 龙芯 with 麒麟 or 统信 UOS).
     */
    domesticShare: number;
    /**
     * How engines and operators reach the node's cluster.
     */
    kube: {
      /**
       * kubeconfig context name.
       */
      context: string;
      /**
       * Path of the kubeconfig file; defaults to ~/.kube/config.
       */
      configPath?: string;
    };
    /**
     * Where the node's Terraform state lives: local files (default) or a shared PostgreSQL (pg) backend.
     */
    backend?: {
      /**
       * Backend type.
       */
      type: "local" | "pg";
      /**
       * For pg: the PostgreSQL connection string (without password; use PGPASSWORD).
       */
      connStr?: string;
      /**
       * For pg: the schema that holds this node's state.
       */
      schemaName?: string;
    };
  };
}
/**
 * Kubernetes-style object metadata.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Metadata".
 */
export interface Metadata {
  name: DnsLabel;
  /**
   * Free-form key/value labels.
   */
  labels?: {
    [k: string]: string | undefined;
  };
  /**
   * Free-form key/value annotations.
   */
  annotations?: {
    [k: string]: string | undefined;
  };
}
/**
 * An amount of compute and storage.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Capacity".
 */
export interface Capacity {
  /**
   * Virtual CPUs.
   */
  vcpu: number;
  /**
   * Memory in GiB.
   */
  memoryGiB: number;
  /**
   * Block, file and object storage in TiB.
   */
  storageTiB: number;
}
/**
 * A person responsible for something.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Contact".
 */
export interface Contact {
  /**
   * Full name.
   */
  name: string;
  /**
   * Work e-mail address.
   */
  email: string;
  /**
   * Work phone number.
   */
  phone?: string;
}
/**
 * A tenant department (estates/<name>/departments.yaml, one document per department). Its requests live in catalog/requests/<metadata.name>/.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Department".
 */
export interface Department {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "Department";
  metadata: Metadata;
  /**
   * Who the department is and where it lives by default.
   */
  spec: {
    /**
     * Official name, e.g. 山西省卫生健康委员会.
     */
    displayName: string;
    /**
     * Official English name, e.g. Health Commission of Shanxi Province, for reports read in English.
     */
    englishName?: string;
    /**
     * provincial (省直) or municipal (市直) department.
     */
    level: "provincial" | "municipal";
    city?: DivisionCode;
    homeCloud: DnsLabel;
    /**
     * Whether the department gets a shared namespace <dept>-shared for its common services.
     */
    sharedNamespace?: boolean;
    /**
     * Identity-provider groups bound to the department's roles; default <dept>:developers and <dept>:auditors.
     */
    groups?: {
      /**
       * Group granted edit in the department's namespaces.
       */
      developers?: string;
      /**
       * Group granted read-only audit access.
       */
      auditors?: string;
    };
    contact: Contact;
    /**
     * The department's own business networks besides the e-government networks. Non-classified ones fold into the extranet and no new ones are built (seed 002 四(二): 有序推进非涉密业务专网向电子政务外网整合迁移，各市、省直各部门原则上不再新建业务专网; seed 003 二(三)).
     */
    privateNetworks?: {
      name: DnsLabel;
      /**
       * The network's name.
       */
      displayName: string;
      /**
       * A classified network folds into the intranet under the secrecy rules, not into the extranet; the rules here judge non-classified ones.
       */
      classified: boolean;
      built: Date;
      /**
       * operating (still separate), folding (migration into the extranet under way) or folded (retired into the extranet).
       */
      status: "operating" | "folding" | "folded";
      foldDeadline?: Date;
    }[];
  };
}
/**
 * The administrative hierarchy the extranet reaches (estates/<name>/divisions.yaml): cities, counties and their township-level units.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "AdminDivisions".
 */
export interface AdminDivisions {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "AdminDivisions";
  metadata: Metadata;
  /**
   * Cities with their counties.
   */
  spec: {
    /**
     * Average number of village-level units per township, used where a county does not list its villages.
     */
    villagesPerTownship: number;
    /**
     * Prefecture-level cities (地级市).
     *
     * @minItems 1
     *
     * Items: A prefecture-level city.
     */
    cities: [
      {
        code: DivisionCode;
        /**
         * Official name.
         */
        name: string;
        /**
         * County-level divisions of the city.
         *
         * Items: A county-level division (district, county-level city or county).
         */
        counties: {
          code: DivisionCode;
          /**
           * Official name.
           */
          name: string;
          /**
           * district (区), county-city (县级市) or county (县).
           */
          type: "district" | "county-city" | "county";
          /**
           * Number of sub-district offices (街道).
           */
          streets: number;
          /**
           * Number of towns (镇).
           */
          towns: number;
          /**
           * Number of townships (乡).
           */
          townships: number;
          /**
           * Where known, the number of village-level units under each township-level unit, in township order; otherwise the estate average applies.
           */
          villages?: number[];
        }[];
      },
      ...{
        code: DivisionCode;
        /**
         * Official name.
         */
        name: string;
        /**
         * County-level divisions of the city.
         *
         * Items: A county-level division (district, county-level city or county).
         */
        counties: {
          code: DivisionCode;
          /**
           * Official name.
           */
          name: string;
          /**
           * district (区), county-city (县级市) or county (县).
           */
          type: "district" | "county-city" | "county";
          /**
           * Number of sub-district offices (街道).
           */
          streets: number;
          /**
           * Number of towns (镇).
           */
          towns: number;
          /**
           * Number of townships (乡).
           */
          townships: number;
          /**
           * Where known, the number of village-level units under each township-level unit, in township order; otherwise the estate average applies.
           */
          villages?: number[];
        }[];
      }[]
    ];
  };
}
/**
 * The disaster-recovery ledger (estates/<name>/dr-ledger.yaml): where every system's primary, active-active partner, warm standby and backups live. Written by `govcloud dr --write-ledger`, reviewed in pull requests; existing entries are kept as they are, so adding a system never moves another system's pair.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "DrLedger".
 */
export interface DrLedger {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "DrLedger";
  metadata: Metadata;
  /**
   * The recorded placements, one entry per system.
   */
  spec: {
    /**
     * One entry per system, sorted by system.
     *
     * Items: The sites one system's DR placement uses. The cloud node of each follows from the site.
     */
    pairs: {
      /**
       * <department>/<system>.
       */
      system: string;
      primary: DnsLabel;
      active?: DnsLabel;
      standby?: DnsLabel;
      backup: DnsLabel;
    }[];
  };
}
/**
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "EstateMigrationDeadline".
 */
export interface EstateMigrationDeadline {
  deadline: Date;
  /**
   * The clause that dates it, or what the convention is derived from.
   */
  source: string;
  /**
   * true when no seed gives this date: the project's convention, said so in every output.
   */
  convention?: boolean;
}
/**
 * The estate document (estates/<name>/estate.yaml): the province and the defaults every rule and plan uses.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Estate".
 */
export interface Estate {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "Estate";
  metadata: Metadata;
  /**
   * What the estate is and the defaults it sets.
   */
  spec: {
    /**
     * The bodies the plans name besides the tenant departments: the government information management bureau (政务信息管理局), the cloud operating company (建设运营公司, responsible for the platform's security, seed 002 四(五)), municipal information centres (市政府信息中心). Cloud nodes name their operator by id (spec.operator).
     */
    bodies?: {
      id: DnsLabel;
      /**
       * The body's name as the seeds give it.
       */
      displayName: string;
      /**
       * English name for reports read in English.
       */
      englishName?: string;
      /**
       * bureau (政务信息管理局: plans, approves, assesses), operator (建设运营公司: builds and runs the cloud, answers for its security), information-centre (市政府信息中心: a city's technical support and cloud).
       */
      kind: "bureau" | "operator" | "information-centre";
      division?: DivisionCode;
      /**
       * What the seeds make it responsible for, one line each.
       *
       * @minItems 1
       */
      responsibilities: [string, ...string[]];
      /**
       * Where the seeds name it (document and section).
       */
      source: string;
    }[];
    /**
     * Human-readable name of the estate.
     */
    displayName: string;
    /**
     * The province the estate covers.
     */
    province: {
      code: DivisionCode;
      /**
       * Name of the province (e.g. 山西省).
       */
      name: string;
    };
    /**
     * Estate-wide settings that plans and policy rules read.
     */
    policy: {
      /**
       * Minimum retention of audit logs; the Cybersecurity Law (art. 23(3) since the 2025 amendment, formerly art. 21(3)) asks for at least 180 days (six months).
       */
      auditRetentionDays: number;
      /**
       * Target share (0-1) of systems on a domestic CPU + OS stack; 0.8 by end-2025.
       */
      autonomyTarget: number;
      /**
       * Container registries workloads may pull from (host[/path] prefixes).
       *
       * @minItems 1
       */
      approvedRegistries: [string, ...string[]];
      /**
       * Whether a department with a system past its migration deadline is put on budget hold, where budgetHoldScope says (seed 001 三(二)4, a Changzhi rule).
       */
      budgetHoldOnOverdueMigration?: boolean;
      /**
       * Division codes where the budget hold on overdue migrations applies: a city's code binds its municipal departments, the province's code the provincial ones. Seed 001 三(二)4 is Changzhi's rule: default ["140400"].
       */
      budgetHoldScope?: DivisionCode[];
      /**
       * The deadline of a migration record that names none, by its department's tier. provincial: seed 000 一(二) (2019年底前…省直单位政务信息系统全部迁移上云). cities: per city code; Changzhi 140400 from seed 001 二 (2020年底前…市直单位政务信息系统上云实现“应上尽上”; 三(二)4 sets the sanction, not the date). municipal: any other city, a convention (Changzhi's date; no seed dates the other cities).
       */
      migrationDeadlines?: {
        provincial?: EstateMigrationDeadline;
        municipal?: EstateMigrationDeadline;
        /**
         * Municipal departments' default per city code.
         */
        cities?: {
          [k: string]: EstateMigrationDeadline | undefined;
        };
      };
    };
  };
}
/**
 * A time-limited exception granted by the security team (exceptions/<name>.yaml): the finding of one rule on one subject is skipped until it expires.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "PolicyException".
 */
export interface PolicyException {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "PolicyException";
  metadata: Metadata;
  /**
   * Which finding is excepted, why, by whom and until when.
   */
  spec: {
    /**
     * Id of the policy rule, e.g. MLPS3-NET-001.
     */
    rule: string;
    /**
     * What the exception covers: a system (department + system) or one Kubernetes object.
     */
    subject: {
      [k: string]: unknown | undefined;
    } & {
      department?: DnsLabel;
      system?: DnsLabel;
      cloud?: DnsLabel;
      namespace?: DnsLabel;
      /**
       * Kind of the object.
       */
      kind?: string;
      /**
       * Name of the object.
       */
      name?: string;
    };
    /**
     * Why the risk is accepted and what compensates for it.
     */
    justification: string;
    approver: Contact;
    approved: Date;
    expires: Date;
  };
}
/**
 * Division code -> slot number (1 and up).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "IpamLedgerSlots".
 */
export interface IpamLedgerSlots {
  [k: string]: number | undefined;
}
/**
 * The address plan's ledger (estates/<name>/ipam-ledger.yaml), IPAM as code: the slot of every division and cloud node under its parent. Every prefix derives from these slots, the planes and the prefix lengths of the Network, so a slot once given never changes. Written by `govcloud ipam --write-ledger`; reviewed in pull requests.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "IpamLedger".
 */
export interface IpamLedger {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "IpamLedger";
  metadata: Metadata;
  /**
   * Slots by level. Slot 0 of every parent is the parent's own local block, so children number from 1; a slot is the same in every plane and both families.
   */
  spec: {
    cities: IpamLedgerSlots;
    counties: IpamLedgerSlots;
    townships: IpamLedgerSlots;
    /**
     * By township code, the slots of its villages in order of their three-digit number (001, 002, ...) inside the township's block, as runs: "1-17" gives villages 001-017 slots 1-17; "1-3,5,4" gives village 004 slot 5 and 005 slot 4.
     */
    villages: {
      [k: string]: string | undefined;
    };
    /**
     * Slot of each cloud node (by id) in its division's local block.
     */
    clouds: {
      [k: string]: number | undefined;
    };
  };
}
/**
 * Prefix length for each level below the province.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "NetworkLevelLengths".
 */
export interface NetworkLevelLengths {
  /**
   * Prefix length of a city block.
   */
  city: number;
  /**
   * Prefix length of a county block.
   */
  county: number;
  /**
   * Prefix length of a township block.
   */
  township: number;
  /**
   * Prefix length of a village block.
   */
  village: number;
}
/**
 * The e-government extranet (电子政务外网, estates/<name>/network.yaml): planes, address space and backbone links.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Network".
 */
export interface Network {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "Network";
  metadata: Metadata;
  /**
   * Planes, address plan inputs, backbone, zones and their flow matrix, cloud-node address blocks and the exchange channels between networks.
   */
  spec: {
    /**
     * Network planes; each is dual-stack with its own IPv4 supernet and IPv6 prefix.
     *
     * @minItems 1
     *
     * Items: One plane of the network.
     */
    planes: [
      {
        name: DnsLabel;
        /**
         * What traffic the plane carries.
         */
        description: string;
        /**
         * Private IPv4 supernet of the plane (CIDR), the province-level block.
         */
        ipv4: string;
        /**
         * IPv6 prefix of the plane (CIDR), the province-level block.
         */
        ipv6: string;
      },
      ...{
        name: DnsLabel;
        /**
         * What traffic the plane carries.
         */
        description: string;
        /**
         * Private IPv4 supernet of the plane (CIDR), the province-level block.
         */
        ipv4: string;
        /**
         * IPv6 prefix of the plane (CIDR), the province-level block.
         */
        ipv6: string;
      }[]
    ];
    /**
     * Prefix length allocated to each level below the province, per family.
     */
    prefixLengths: {
      ipv4: NetworkLevelLengths;
      ipv6: NetworkLevelLengths;
    };
    /**
     * Links between levels with their bandwidth.
     *
     * Items: A backbone link between a parent and a child division.
     */
    backbone: {
      from: DivisionCode;
      to: DivisionCode;
      /**
       * Provisioned bandwidth.
       */
      bandwidthGbps: number;
      /**
       * Planes on which the link carries IPv6; default all planes.
       */
      ipv6?: string[];
    }[];
    /**
     * The logical zones of the extranet with the index of their address block inside a cloud node's block.
     *
     * @minItems 1
     *
     * Items: One zone of the extranet.
     */
    zones?: [
      {
        name: Zone;
        /**
         * Human-readable name, e.g. 公用网络区 public network zone.
         */
        displayName: string;
        /**
         * Index of the zone's address block inside a cloud node's block (0 .. 2^zoneBits-1); never change it once addresses are in use.
         */
        block: number;
      },
      ...{
        name: Zone;
        /**
         * Human-readable name, e.g. 公用网络区 public network zone.
         */
        displayName: string;
        /**
         * Index of the zone's address block inside a cloud node's block (0 .. 2^zoneBits-1); never change it once addresses are in use.
         */
        block: number;
      }[]
    ];
    /**
     * Which traffic may flow between zones and networks, and under which conditions. A pair not listed is denied.
     *
     * Items: One directed pair of endpoints: may traffic initiated in `from` reach `to`?
     */
    flows?: {
      from: NetworkEndpoint;
      to: NetworkEndpoint;
      /**
       * Whether the flow is allowed.
       */
      allowed: boolean;
      /**
       * Conditions an allowed flow is subject to: same-department (only between systems of one department), declared-service-ports (only to the ports listed in `ports`), through-reverse-proxy (only through the cloud node's reverse proxy), through-unified-exit (only through the cloud node's unified internet exit).
       */
      conditions?: (
        "same-department" | "declared-service-ports" | "through-reverse-proxy" | "through-unified-exit"
      )[];
      /**
       * The declared service ports of a declared-service-ports flow.
       *
       * @minItems 1
       *
       * Items: A port and protocol.
       */
      ports?: [
        {
          /**
           * Port number.
           */
          port: number;
          /**
           * TCP, UDP or SCTP.
           */
          protocol: "TCP" | "UDP" | "SCTP";
        },
        ...{
          /**
           * Port number.
           */
          port: number;
          /**
           * TCP, UDP or SCTP.
           */
          protocol: "TCP" | "UDP" | "SCTP";
        }[]
      ];
      channel?: DnsLabel;
      /**
       * Why the flow is allowed or denied (shown in reviews and findings).
       */
      reason?: string;
    }[];
    /**
     * How a cloud node's address ranges derive from the address plan: slot 0 of a division's block is the division's own (local) block; it holds 2^nodeBits cloud-node blocks, each split into 2^zoneBits zone blocks (one per zone, by the zone's block index).
     */
    cloudBlocks?: {
      /**
       * Bits of a division's local block that number its cloud nodes (4: up to 16 nodes per division).
       */
      nodeBits: number;
      /**
       * Bits of a cloud node's block that number its zones (2: up to 4 zone blocks).
       */
      zoneBits: number;
    };
    /**
     * Where each cloud node's unified internet exit and reverse proxy sit: host numbers inside the node's internet-access zone range, on every plane and in both families.
     */
    internetExit?: {
      /**
       * Host number of the unified egress gateway in the node's internet-access range (1 = the first address after the network address).
       */
      gatewayHost: number;
      /**
       * Host number of the node's reverse proxy, through which the internet-access zone reaches the public and dedicated zones.
       */
      reverseProxyHost: number;
    };
    /**
     * The declared one-way channels through which traffic or data crosses from one network to another: the unified internet exit, and the one-way import into and export out of the classified intranet.
     *
     * Items: One one-way channel between two networks.
     */
    channels?: {
      name: DnsLabel;
      /**
       * Human-readable name.
       */
      displayName: string;
      from: NetworkNetworkName;
      to: NetworkNetworkName;
      /**
       * internet-exit (firewalled unified internet exit), data-diode (physically one-way transfer) or exchange-gateway (one-way exchange gateway with content inspection, 单向导入/导出).
       */
      kind: "internet-exit" | "data-diode" | "exchange-gateway";
      /**
       * The device or platform that enforces the channel.
       */
      gateway: string;
      /**
       * Who approved the channel, under which reference, and until when.
       */
      approval: {
        /**
         * Approving authority, e.g. 省保密局 or 省委网信办.
         */
        approver: string;
        /**
         * Document number of the approval.
         */
        reference: string;
        approved: Date;
        expires?: Date;
      };
    }[];
  };
}
/**
 * An item of the service catalogue (offerings/<name>.yaml): what a department may request, with the parameters it takes and the quota it consumes.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "Offering".
 */
export interface Offering {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "Offering";
  metadata: Metadata;
  /**
   * What the service is and what it costs in quota.
   */
  spec: {
    /**
     * Name shown in the catalogue, e.g. 达梦数据库 DM8.
     */
    displayName: string;
    /**
     * Catalogue section.
     */
    category:
      | "compute"
      | "bare-metal"
      | "block-storage"
      | "file-storage"
      | "object-storage"
      | "load-balancer"
      | "database"
      | "cache"
      | "message-queue"
      | "middleware"
      | "container"
      | "security"
      | "dr"
      | "big-data"
      | "ai";
    /**
     * What the service provides.
     */
    description: string;
    /**
     * Product vendor, e.g. 达梦 or 华为.
     */
    vendor?: string;
    /**
     * Whether the service runs on a domestic stack (counts toward the autonomy rate).
     */
    domestic: boolean;
    maxMlpsLevel: MlpsLevel;
    /**
     * Tiers of cloud that offer the service.
     *
     * @minItems 1
     */
    cloudKinds: [CloudKind, ...CloudKind[]];
    /**
     * JSON Schema (2020-12) of the parameters a request passes; it must describe an object.
     */
    parameters: {
      type: "object";
    };
    /**
     * Quota the service consumes per request entry, each a constant or a parameter (optionally multiplied by another parameter and a factor).
     */
    quota: {
      vcpu?: OfferingQuotaTerm;
      memoryGiB?: OfferingQuotaTerm;
      storageGiB?: OfferingQuotaTerm;
      loadBalancers?: OfferingQuotaTerm;
    };
  };
}
/**
 * A department's request for one information system's resources (requests/<department>/<system>.yaml), opened and changed by pull request.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "SystemRequest".
 */
export interface SystemRequest {
  apiVersion: ApiVersion;
  /**
   * Document kind.
   */
  kind: "SystemRequest";
  metadata: Metadata;
  /**
   * The system, its grading, where it runs, what it needs and who owns it.
   */
  spec: {
    /**
     * Name of the system, e.g. 山西政务服务网.
     */
    displayName: string;
    /**
     * What the system does.
     */
    description?: string;
    department: DnsLabel;
    cloud: DnsLabel;
    site?: DnsLabel;
    mlpsLevel: MlpsLevel;
    dataLevel: DataLevel;
    /**
     * Extranet zones the system sits in.
     *
     * @minItems 1
     */
    zones: [Zone, ...Zone[]];
    /**
     * How users reach the system, if they do over HTTP(S).
     */
    ingress?: {
      /**
       * Host names served.
       *
       * @minItems 1
       */
      hosts: [string, ...string[]];
      /**
       * Whether the system is reachable from the internet (through the internet access zone).
       */
      internetFacing: boolean;
      /**
       * Gateway class terminating TLS, e.g. gm-tls (国密 TLCP-capable) or standard-tls.
       */
      gatewayClass?: string;
      /**
       * The server certificate; absent means plain HTTP.
       */
      tls?: {
        /**
         * Public-key algorithm and size of the certificate.
         */
        keyAlgorithm: "SM2" | "RSA-1024" | "RSA-2048" | "RSA-3072" | "RSA-4096" | "ECDSA-P256" | "ECDSA-P384";
        /**
         * Signature algorithm of the certificate (SM3withSM2 is OID 1.2.156.10197.1.501).
         */
        signatureAlgorithm:
          | "SM3withSM2"
          | "SHA256withRSA"
          | "SHA384withECDSA"
          | "SHA256withECDSA"
          | "SHA1withRSA"
          | "MD5withRSA";
      };
    };
    /**
     * Cryptographic protection of the system's data.
     */
    encryption?: {
      /**
       * Cipher protecting stored data.
       */
      atRest?: "none" | "SM4" | "AES-256" | "DES" | "3DES";
      /**
       * Protocol protecting data in transit.
       */
      inTransit?: "none" | "TLS" | "TLCP";
      /**
       * Who holds the keys: the tenant (租户自持) or the platform.
       */
      keyCustody?: "tenant" | "platform";
    };
    /**
     * CPU architecture and operating system the system runs on, for the autonomy (信创) rate.
     */
    platform: {
      /**
       * CPU family: domestic kunpeng, phytium (ARM), hygon, zhaoxin (x86), loongson (LoongArch), or foreign x86/arm.
       */
      cpu: "kunpeng" | "phytium" | "hygon" | "zhaoxin" | "loongson" | "x86" | "arm";
      /**
       * Operating system: domestic kylin (麒麟) or uos (统信), or foreign.
       */
      os: "kylin" | "uos" | "openeuler" | "centos" | "rhel" | "ubuntu" | "windows";
    };
    /**
     * Catalogue items the system requests.
     *
     * @minItems 1
     *
     * Items: One requested catalogue item.
     */
    services: [
      {
        name: DnsLabel;
        offering: DnsLabel;
        /**
         * Parameters, checked against the offering's parameter schema.
         */
        params: {};
      },
      ...{
        name: DnsLabel;
        offering: DnsLabel;
        /**
         * Parameters, checked against the offering's parameter schema.
         */
        params: {};
      }[]
    ];
    /**
     * Required DR capability; the mode follows from the level.
     */
    dr: {
      level: DrLevel;
      /**
       * Recovery point objective; defaults to the level's.
       */
      rpoMinutes?: number;
      /**
       * Recovery time objective; defaults to the level's.
       */
      rtoMinutes?: number;
      /**
       * How data reaches the DR centre in another city: synchronous (zero data loss there, as GB/T 20988 level 6 requires) or asynchronous (the default; some data is lost there when the primary city fails, which is level 5 at best at the remote centre, however the same-city active-active sides replicate).
       */
      remoteReplication?: "synchronous" | "asynchronous";
    };
    /**
     * The system's entry in the migration inventory (迁移上云台账): where it runs today, by when it moves, which phase it is in and the dated evidence of each phase. Phases inventoried → assessed → migrating → cutover → migrated → decommissioned, or exempt (classified or approved to stay) or retired (cleaned up as a zombie system). See docs/migration.md.
     */
    migration?: {
      /**
       * Where the system runs (or ran) outside the cloud, e.g. the department's own machine room.
       */
      legacyLocation: string;
      /**
       * Host names the legacy installation answers on, as the ingress controller in front of it sees them (nginx_ingress_controller_requests{host}): the migration operator reads their traffic as the legacy traffic that must stop before decommissioned. None: legacy traffic cannot be measured and the system stops at migrated.
       */
      legacyHosts?: string[];
      deadline?: Date;
      /**
       * inventoried (登记在册), assessed (迁移评估完成: needs assessed), migrating (迁移中: the namespace and services are planned from here on), cutover (业务切换: needs cutover), migrated (迁移完成: needs completed), decommissioned (原系统关停: needs completed and legacySwitchedOff), exempt (不迁移: needs exemption), retired (作为僵尸系统清理: needs zombieReview and retired).
       */
      phase:
        | "inventoried"
        | "assessed"
        | "migrating"
        | "cutover"
        | "migrated"
        | "decommissioned"
        | "exempt"
        | "retired";
      inventoried?: Date;
      assessed?: Date;
      cutover?: Date;
      completed?: Date;
      legacySwitchedOff?: Date;
      /**
       * Why the system stays off the cloud, who decided and when: the evidence of phase exempt. classified: a 涉密 system (seed 001 三(二)4 asks only 自建非涉密信息系统 to migrate); approved: the approving body allowed it to stay.
       */
      exemption?: {
        /**
         * classified (涉密) or approved (批准保留).
         */
        reason: "classified" | "approved";
        /**
         * The body that decided, e.g. 省政务信息管理局 or the department's secrecy office (保密办).
         */
        approvedBy: string;
        date: Date;
        /**
         * The decision's document number or file reference, if any.
         */
        reference?: string;
      };
      /**
       * The review that found the system a zombie (seed 003 二(一)): when, by whom, which of the five criteria it met. The evidence of phase retired.
       */
      zombieReview?: {
        date: Date;
        /**
         * The body that reviewed it, e.g. 省审计厅 or the department's information office.
         */
        reviewedBy: string;
        /**
         * Which of seed 003 二(一)'s five criteria it met: disconnected (使用与实际业务流程长期脱节), superseded (功能可被其他系统替代), idle (所占用资源长期处于空闲状态), unmaintained (运行维护停止更新服务), unused (使用范围小、频度低).
         *
         * @minItems 1
         */
        criteria: [
          "disconnected" | "superseded" | "idle" | "unmaintained" | "unused",
          ...("disconnected" | "superseded" | "idle" | "unmaintained" | "unused")[]
        ];
      };
      retired?: Date;
      /**
       * What the system does (seed 003 二(一) inventory field 功能).
       */
      function?: string;
      /**
       * Who uses it: e.g. the department's own staff, the city's districts, the public (seed 003 二(一) 使用范围).
       */
      scopeOfUse?: string;
      /**
       * How often it is used (seed 003 二(一) 使用频度).
       */
      frequencyOfUse?: "daily" | "weekly" | "monthly" | "seasonal" | "rarely";
      /**
       * The body that approved building the system and when (seed 003 二(一) 审批部门、审批时间).
       */
      approval?: {
        /**
         * e.g. 省发展改革委.
         */
        body: string;
        date: Date;
      };
      /**
       * Where the money came from (seed 003 二(一) 经费来源).
       */
      funding?:
        "provincial-budget" | "municipal-budget" | "central-transfer" | "special-bond" | "self-raised";
    };
    /**
     * Declared usage data, for zombie-system (僵尸系统) review.
     */
    usage?: {
      /**
       * Distinct users in the last month.
       */
      monthlyActiveUsers?: number;
      /**
       * Business transactions in the last month.
       */
      monthlyTransactions?: number;
      /**
       * Average CPU utilisation (0-1) over the last 90 days.
       */
      avgCpuUtilisation?: number;
      lastBusinessActivity?: Date;
      lastUpdate?: Date;
      /**
       * System (<department>/<system>) whose function covers this one.
       */
      supersededBy?: string;
      /**
       * Declared: the system is no longer linked to live business (seed 003 二(一) criterion 系统使用与实际业务流程长期脱节). A declaration of the owner or the reviewer; lastBusinessActivity is the dated evidence where known.
       */
      disconnectedFromBusiness?: boolean;
      /**
       * Declared: the system whose function replaces this one, when it is not in this catalog (e.g. a national platform); a system of this catalog goes in supersededBy (seed 003 二(一) criterion 功能可被其他系统替代).
       */
      replacedBy?: string;
    };
    /**
     * The system's MLPS filing with the public security organ (备案) and its last grading assessment (等级测评): seed 001 三(五)14 (定级、备案、测评); 公通字〔2007〕43号 arts. 14-15.
     */
    mlps?: {
      /**
       * The number of the filing certificate (备案证明). In the embedded estate every number is invented and prefixed 示例-.
       */
      filingNumber?: string;
      filed?: Date;
      /**
       * Date and overall conclusion of the last assessment report: excellent (优), good (良), fair (中) or poor (差).
       */
      assessment?: {
        date: Date;
        /**
         * excellent (优), good (良), fair (中) or poor (差); poor is a failed assessment.
         */
        result: "excellent" | "good" | "fair" | "poor";
      };
    };
    /**
     * Date and conclusion of the last 商用密码应用安全性评估: seed 002 专栏13 (全面开展…密码应用安全性评估工作).
     */
    cryptoAssessment?: {
      date: Date;
      /**
       * pass (符合), basic-pass (基本符合) or fail (不符合).
       */
      result: "pass" | "basic-pass" | "fail";
    };
    /**
     * Whether the system is connected to the shared data-exchange platform of its level: seed 003 二(四) (统一接入省级数据共享交换平台), seed 000 二(三)8 (provincial departments to the provincial platform, cities' systems to the city's).
     */
    dataSharing?: {
      /**
       * Whether the system exchanges its data through the platform.
       */
      connected: boolean;
      /**
       * provincial (省级) or municipal (市级) exchange platform.
       */
      platform?: "provincial" | "municipal";
      since?: Date;
    };
    /**
     * Audit logging of the system.
     */
    audit?: {
      /**
       * How long audit logs are kept centrally.
       */
      retentionDays: number;
    };
    owner: Contact;
    securityContact?: Contact;
  };
}
/**
 * One requested catalogue service in a cluster (govcloud.io/v1alpha1, namespaced in <department>-<system>): the claim the service-catalogue operator realises, watches until ready and removes on exit (申请、使用、退出).
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "ServiceInstance".
 */
export interface ServiceInstance {
  apiVersion: ApiVersion;
  /**
   * Object kind.
   */
  kind: "ServiceInstance";
  /**
   * Kubernetes object metadata: the name is the service's name in the request, the namespace the system's.
   */
  metadata: {
    name: DnsLabel;
    namespace?: DnsLabel;
    /**
     * The govcloud.io labels of the system.
     */
    labels?: {
      [k: string]: string | undefined;
    };
    /**
     * Free-form annotations.
     */
    annotations?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * Which offering, for which system, with which parameters, and what happens to the data on exit.
   */
  spec: {
    system: DnsLabel;
    department: DnsLabel;
    offering: DnsLabel;
    /**
     * Parameters, checked by the operator against the offering's parameter schema; omitted ones take the schema's defaults.
     */
    params: {};
    /**
     * On exit (退出): Retain keeps the realised objects, Backup takes a Velero backup before deleting them, Delete deletes them. Default: Backup for data services (databases, caches, queues, storage, VMs), Delete otherwise.
     */
    exitPolicy?: "Retain" | "Backup" | "Delete";
  };
  /**
   * Written by the operator through the status subresource.
   */
  status?: {
    /**
     * Lifecycle: Pending -> Provisioning -> Ready -> (Updating) -> Exiting -> Released.
     */
    phase?: "Pending" | "Provisioning" | "Ready" | "Updating" | "Exiting" | "Released";
    /**
     * The spec generation this status describes.
     */
    observedGeneration?: number;
    /**
     * ParametersValid, QuotaAvailable, Synced, Ready and, during exit, BackupCompleted.
     */
    conditions?: ServiceinstanceCondition[];
    /**
     * What the realised objects were last made from: the change check compares the spec with it.
     */
    applied?: {
      /**
       * Offering realised.
       */
      offering: string;
      /**
       * Parameters realised, defaults filled in.
       */
      params: {};
    };
    /**
     * The objects the operator created for the instance, as Kind/name.
     */
    resources?: string[];
    /**
     * What the instance takes from the namespace's quota.
     */
    quota?: {
      /**
       * Virtual CPUs.
       */
      vcpu?: number;
      /**
       * Memory in GiB.
       */
      memoryGiB?: number;
      /**
       * Storage in GiB.
       */
      storageGiB?: number;
      /**
       * Load-balancer services.
       */
      loadBalancers?: number;
    };
    /**
     * The Velero Backup taken on exit.
     */
    backup?: {
      /**
       * Name of the Backup in the Velero namespace.
       */
      name: string;
      /**
       * The Backup's phase as Velero reports it.
       */
      phase?: string;
    };
    /**
     * When the current provisioning or update began (RFC 3339).
     */
    provisioningSince?: string;
    /**
     * When the exit began (RFC 3339).
     */
    exitingSince?: string;
  };
}
/**
 * One inventoried system's migration onto the cloud (迁移上云), govcloud.io/v1alpha1, cluster-scoped, named <department>-<system>: the declared facts from the catalog in spec (planned by govcloud plan), the phase the migration operator establishes from evidence in status.
 *
 * This interface was referenced by `CatalogSchemas`'s JSON-Schema
 * via the `definition` "SystemMigration".
 */
export interface SystemMigration {
  apiVersion: ApiVersion;
  /**
   * Object kind.
   */
  kind: "SystemMigration";
  /**
   * Kubernetes object metadata: the name is the system's namespace name, <department>-<system>; no namespace (cluster-scoped).
   */
  metadata: {
    name: DnsLabel;
    /**
     * The govcloud.io labels of the system.
     */
    labels?: {
      [k: string]: string | undefined;
    };
    /**
     * Free-form annotations.
     */
    annotations?: {
      [k: string]: string | undefined;
    };
  };
  /**
   * What the catalog declares about the system's migration: who owns it, where it runs today, by when it must be on the cloud and on what authority, what the department declares done, and its exemption or zombie facts.
   */
  spec: {
    system: DnsLabel;
    department: DnsLabel;
    division: DivisionCode;
    /**
     * provincial (省直) or municipal (市直) department: which default deadline applies when the record names none.
     */
    tier: "provincial" | "municipal";
    namespace: DnsLabel;
    cloud: DnsLabel;
    /**
     * Where the system runs today (e.g. the department's own machine room).
     */
    legacyLocation: string;
    /**
     * Host names the legacy system answers on, as the ingress controller sees them (nginx_ingress_controller_requests{host}): their traffic is the legacy traffic. None declared: legacy traffic cannot be measured and the system stops at migrated.
     */
    legacyHosts?: string[];
    deadline: Date;
    /**
     * Where the deadline comes from: the system's own record, or the estate's default for its tier with the clause that dates it (or the convention it is).
     */
    deadlineSource: {
      /**
       * record (the catalog's migration record) or tier-default (estate.spec.policy.migrationDeadlines).
       */
      source: "record" | "tier-default";
      /**
       * The document and clause that set the deadline, or the record that did.
       */
      clause: string;
      /**
       * The default is the project's convention, not a seed's date.
       */
      convention?: boolean;
    };
    /**
     * What the department declares in the catalog: the phase and the dates of its evidence. The operator trusts declarations only for what a cluster cannot show (inventory, assessment, acceptance, legacy switch-off).
     */
    declared: {
      /**
       * The phase the catalog records.
       */
      phase:
        | "inventoried"
        | "assessed"
        | "migrating"
        | "cutover"
        | "migrated"
        | "decommissioned"
        | "exempt"
        | "retired";
      inventoried?: Date;
      assessed?: Date;
      cutover?: Date;
      completed?: Date;
      legacySwitchedOff?: Date;
      retired?: Date;
    };
    /**
     * Why the system stays off the cloud (classified, or approved to stay), who decided and when: an exempt system is never overdue and never on budget hold.
     */
    exemption?: {
      /**
       * classified (涉密) or approved (批准保留).
       */
      reason: "classified" | "approved";
      /**
       * The body that decided.
       */
      approvedBy: string;
      date: Date;
      /**
       * The decision's document number, if any.
       */
      reference?: string;
    };
    /**
     * What a cluster cannot measure of seed 003 二(一)'s five criteria, as the catalog declares them (spec.usage): no longer linked to live business (declared, or dated by the last business activity), function replaced by another system; and the review that decided a retirement.
     */
    zombie?: {
      /**
       * Declared no longer linked to live business (使用与实际业务流程长期脱节).
       */
      disconnected?: boolean;
      lastBusinessActivity?: Date;
      /**
       * System (<department>/<system>) of this catalog whose function covers this one.
       */
      supersededBy?: string;
      /**
       * A system outside the catalog whose function replaces this one (功能可被其他系统替代).
       */
      replacedBy?: string;
      /**
       * The review that found the system a zombie: date, reviewer, criteria met.
       */
      review?: {
        date: Date;
        /**
         * The reviewing body.
         */
        reviewedBy: string;
        /**
         * Of disconnected, superseded, idle, unmaintained, unused.
         */
        criteria: ("disconnected" | "superseded" | "idle" | "unmaintained" | "unused")[];
      };
    };
    /**
     * Whether the budget hold (seed 001 三(二)4) binds the department (the estate's budgetHoldScope), and its clause.
     */
    budgetHold: {
      /**
       * An overdue system puts its department on budget hold.
       */
      applies: boolean;
      /**
       * The clause of the hold.
       */
      clause: string;
    };
  };
  /**
   * Written by the migration operator through the status subresource.
   */
  status?: {
    /**
     * inventoried -> assessed -> migrating -> cutover -> migrated -> decommissioned, or exempt, or retired, as the evidence shows it.
     */
    phase?:
      | "inventoried"
      | "assessed"
      | "migrating"
      | "cutover"
      | "migrated"
      | "decommissioned"
      | "exempt"
      | "retired";
    /**
     * When the operator established the current phase (RFC 3339).
     */
    phaseSince?: string;
    /**
     * The spec generation this status describes.
     */
    observedGeneration?: number;
    /**
     * CloudProvisioned, CutOver, MigrationCompleted, LegacyDecommissioned (each with its evidence), TrafficEvidence, DeclarationMatches, DeadlineApproaching, Overdue, BudgetHold, ZombieCandidate.
     */
    conditions?: ServiceinstanceCondition[];
    /**
     * What the operator saw: the namespace, its ServiceInstances, the traffic measured.
     */
    evidence?: {
      /**
       * The system's namespace exists (and is not terminating).
       */
      namespace?: boolean;
      /**
       * ServiceInstances in the namespace.
       */
      instances?: number;
      /**
       * Of which Ready.
       */
      readyInstances?: number;
      /**
       * Requests the system's Ingresses served over the traffic window (absent: unknown).
       */
      cloudRequests?: number;
      /**
       * Requests to the legacy hosts over the traffic window (absent: unknown).
       */
      legacyRequests?: number;
      /**
       * The window traffic is measured over (Prometheus duration).
       */
      trafficWindow?: string;
      /**
       * When traffic was last measured (RFC 3339).
       */
      measuredAt?: string;
    };
    deadline?: Date;
    /**
     * Days past the deadline while not migrated; 0 otherwise.
     */
    daysOverdue?: number;
    /**
     * The system is listed in its department's BudgetHold.
     */
    budgetHold?: boolean;
  };
}
