/** Extra catalog documents that fit the tiny test catalog (tests/support/tiny-catalog.ts). */

/** A level 2 system of datong-approval on city-140200 holding important data (DATA-MLPS-001 fails on it). */
export const clinicRequest = `apiVersion: govcloud.io/v1alpha1
kind: SystemRequest
metadata:
  name: clinic
spec:
  displayName: 大同市基层诊所系统
  department: datong-approval
  cloud: city-140200
  mlpsLevel: 2
  dataLevel: important
  zones: [public]
  platform: { cpu: kunpeng, os: kylin }
  services:
    - { name: app, offering: vm, params: { vcpu: 2, memoryGiB: 4, count: 1 } }
  dr: { level: 2 }
  owner: { name: 李强, email: liqiang@dt.gov.example }
`;
