// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.
// Ajv's standalone validators of each operation's 200 body, as JSON.parse reads it, compiled from the spec's
// schemas (JSON Schema 2020-12). One that returns true has put in `this.value` what the zod schema of zod.ts
// gives (keys in schema order, unknown keys left out, null in an optional field of a component left out and
// counted in `this.nulls`); it changes the body's arrays and objects on the way. Where one returns false, zod
// decides on a fresh parse and reports the issues. They may refuse more than zod (an int64 beyond 2^53 is zod's,
// after a lossless parse; a string with astral characters near its limit).
// @ts-nocheck
"use strict";
export const ListImageBuildCommandRisks = validate20;
const schema31 = {"$id":"ListImageBuildCommandRisks","type":"object","required":["total_num","data_list"],"properties":{"total_num":{"type":"integer","minimum":0,"maximum":2147483547},"data_list":{"type":"array","items":{"type":"object","required":["rule_id","risk_name","risk_level","image_num"],"properties":{"rule_id":{"type":"string","minLength":1,"maxLength":64},"risk_id":{"type":["string","null"],"minLength":1,"maxLength":64},"risk_name":{"type":"string","minLength":1,"maxLength":512},"risk_level":{"enum":["critical","high","medium","low"]},"description":{"type":["string","null"],"maxLength":65534},"image_type":{"type":["string","null"],"minLength":1,"maxLength":32},"image_num":{"type":"integer","minimum":0,"maximum":2147483647},"latest_scan_time":{"type":["integer","null"],"minimum":0,"maximum":9007199254740991}},"zodOutput":"ImageBuildCommandRiskResponseInfo"},"maxItems":200}},"zodOutput":"ListImageBuildCommandRisksResponse"};

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="ListImageBuildCommandRisks" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.total_num === undefined) && (missing0 = "total_num")) || ((data.data_list === undefined) && (missing0 = "data_list"))){
validate20.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0}}];
return false;
}
else {
if(data.total_num !== undefined){
let data0 = data.total_num;
const _errs1 = errors;
if(!(((typeof data0 == "number") && (!(data0 % 1) && !isNaN(data0))) && (isFinite(data0)))){
validate20.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/type",keyword:"type",params:{type: "integer"}}];
return false;
}
if(errors === _errs1){
if((typeof data0 == "number") && (isFinite(data0))){
if(data0 > 2147483547 || isNaN(data0)){
validate20.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483547}}];
return false;
}
else {
if(data0 < 0 || isNaN(data0)){
validate20.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.data_list !== undefined){
let data1 = data.data_list;
const _errs3 = errors;
if(errors === _errs3){
if(Array.isArray(data1)){
if(data1.length > 200){
validate20.errors = [{instancePath:instancePath+"/data_list",schemaPath:"#/properties/data_list/maxItems",keyword:"maxItems",params:{limit: 200}}];
return false;
}
else {
var valid1 = true;
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((((data2.rule_id === undefined) && (missing1 = "rule_id")) || ((data2.risk_name === undefined) && (missing1 = "risk_name"))) || ((data2.risk_level === undefined) && (missing1 = "risk_level"))) || ((data2.image_num === undefined) && (missing1 = "image_num"))){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0,schemaPath:"#/properties/data_list/items/required",keyword:"required",params:{missingProperty: missing1}}];
return false;
}
else {
if(data2.rule_id !== undefined){
let data3 = data2.rule_id;
const _errs7 = errors;
if(errors === _errs7){
if(typeof data3 === "string"){
if(data3.length > 64){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/rule_id",schemaPath:"#/properties/data_list/items/properties/rule_id/maxLength",keyword:"maxLength",params:{limit: 64}}];
return false;
}
else {
if(data3.length < 1){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/rule_id",schemaPath:"#/properties/data_list/items/properties/rule_id/minLength",keyword:"minLength",params:{limit: 1}}];
return false;
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/rule_id",schemaPath:"#/properties/data_list/items/properties/rule_id/type",keyword:"type",params:{type: "string"}}];
return false;
}
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.risk_id !== undefined){
let data4 = data2.risk_id;
const _errs9 = errors;
if((typeof data4 !== "string") && (data4 !== null)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_id",schemaPath:"#/properties/data_list/items/properties/risk_id/type",keyword:"type",params:{type: schema31.properties.data_list.items.properties.risk_id.type}}];
return false;
}
if(errors === _errs9){
if(typeof data4 === "string"){
if(data4.length > 64){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_id",schemaPath:"#/properties/data_list/items/properties/risk_id/maxLength",keyword:"maxLength",params:{limit: 64}}];
return false;
}
else {
if(data4.length < 1){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_id",schemaPath:"#/properties/data_list/items/properties/risk_id/minLength",keyword:"minLength",params:{limit: 1}}];
return false;
}
}
}
}
var valid2 = _errs9 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.risk_name !== undefined){
let data5 = data2.risk_name;
const _errs11 = errors;
if(errors === _errs11){
if(typeof data5 === "string"){
if(data5.length > 512){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_name",schemaPath:"#/properties/data_list/items/properties/risk_name/maxLength",keyword:"maxLength",params:{limit: 512}}];
return false;
}
else {
if(data5.length < 1){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_name",schemaPath:"#/properties/data_list/items/properties/risk_name/minLength",keyword:"minLength",params:{limit: 1}}];
return false;
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_name",schemaPath:"#/properties/data_list/items/properties/risk_name/type",keyword:"type",params:{type: "string"}}];
return false;
}
}
var valid2 = _errs11 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.risk_level !== undefined){
let data6 = data2.risk_level;
const _errs13 = errors;
if(!((((data6 === "critical") || (data6 === "high")) || (data6 === "medium")) || (data6 === "low"))){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_level",schemaPath:"#/properties/data_list/items/properties/risk_level/enum",keyword:"enum",params:{allowedValues: schema31.properties.data_list.items.properties.risk_level.enum}}];
return false;
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.description !== undefined){
let data7 = data2.description;
const _errs14 = errors;
if((typeof data7 !== "string") && (data7 !== null)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/description",schemaPath:"#/properties/data_list/items/properties/description/type",keyword:"type",params:{type: schema31.properties.data_list.items.properties.description.type}}];
return false;
}
if(errors === _errs14){
if(typeof data7 === "string"){
if(data7.length > 65534){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/description",schemaPath:"#/properties/data_list/items/properties/description/maxLength",keyword:"maxLength",params:{limit: 65534}}];
return false;
}
}
}
var valid2 = _errs14 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_type !== undefined){
let data8 = data2.image_type;
const _errs16 = errors;
if((typeof data8 !== "string") && (data8 !== null)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_type",schemaPath:"#/properties/data_list/items/properties/image_type/type",keyword:"type",params:{type: schema31.properties.data_list.items.properties.image_type.type}}];
return false;
}
if(errors === _errs16){
if(typeof data8 === "string"){
if(data8.length > 32){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_type",schemaPath:"#/properties/data_list/items/properties/image_type/maxLength",keyword:"maxLength",params:{limit: 32}}];
return false;
}
else {
if(data8.length < 1){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_type",schemaPath:"#/properties/data_list/items/properties/image_type/minLength",keyword:"minLength",params:{limit: 1}}];
return false;
}
}
}
}
var valid2 = _errs16 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_num !== undefined){
let data9 = data2.image_num;
const _errs18 = errors;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_num",schemaPath:"#/properties/data_list/items/properties/image_num/type",keyword:"type",params:{type: "integer"}}];
return false;
}
if(errors === _errs18){
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 2147483647 || isNaN(data9)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_num",schemaPath:"#/properties/data_list/items/properties/image_num/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483647}}];
return false;
}
else {
if(data9 < 0 || isNaN(data9)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_num",schemaPath:"#/properties/data_list/items/properties/image_num/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid2 = _errs18 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.latest_scan_time !== undefined){
let data10 = data2.latest_scan_time;
const _errs20 = errors;
if((!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))) && (data10 !== null)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/type",keyword:"type",params:{type: schema31.properties.data_list.items.properties.latest_scan_time.type}}];
return false;
}
if(errors === _errs20){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 9007199254740991 || isNaN(data10)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991}}];
return false;
}
else {
if(data10 < 0 || isNaN(data10)){
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid2 = _errs20 === errors;
}
else {
var valid2 = true;
}
if(valid2){
const out0 = {};
out0["rule_id"] = data2["rule_id"];
if(data2["risk_id"] !== undefined){
if(data2["risk_id"] === null){
this.nulls["ImageBuildCommandRiskResponseInfo.risk_id"] = (this.nulls["ImageBuildCommandRiskResponseInfo.risk_id"] ?? 0) + 1;
}
else {
out0["risk_id"] = data2["risk_id"];
}
}
out0["risk_name"] = data2["risk_name"];
out0["risk_level"] = data2["risk_level"];
if(data2["description"] !== undefined){
if(data2["description"] === null){
this.nulls["ImageBuildCommandRiskResponseInfo.description"] = (this.nulls["ImageBuildCommandRiskResponseInfo.description"] ?? 0) + 1;
}
else {
out0["description"] = data2["description"];
}
}
if(data2["image_type"] !== undefined){
if(data2["image_type"] === null){
this.nulls["ImageBuildCommandRiskResponseInfo.image_type"] = (this.nulls["ImageBuildCommandRiskResponseInfo.image_type"] ?? 0) + 1;
}
else {
out0["image_type"] = data2["image_type"];
}
}
out0["image_num"] = data2["image_num"];
if(data2["latest_scan_time"] !== undefined){
if(data2["latest_scan_time"] === null){
this.nulls["ImageBuildCommandRiskResponseInfo.latest_scan_time"] = (this.nulls["ImageBuildCommandRiskResponseInfo.latest_scan_time"] ?? 0) + 1;
}
else {
out0["latest_scan_time"] = data2["latest_scan_time"];
}
}
data1[i0] = out0;
}
}
}
}
}
}
}
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/data_list/" + i0,schemaPath:"#/properties/data_list/items/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
var valid1 = _errs5 === errors;
if(!valid1){
break;
}
}
}
}
else {
validate20.errors = [{instancePath:instancePath+"/data_list",schemaPath:"#/properties/data_list/type",keyword:"type",params:{type: "array"}}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
const out1 = {};
out1["total_num"] = data["total_num"];
out1["data_list"] = data["data_list"];
this.value = out1;
}
}
}
}
else {
validate20.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":{"total_num":true,"data_list":true},"dynamicProps":false,"dynamicItems":false};

export const ListImageBuildCommandRisksImages = validate21;
const schema32 = {"$id":"ListImageBuildCommandRisksImages","type":"object","required":["total_num","data_list"],"properties":{"total_num":{"type":"integer","minimum":0,"maximum":2147483547},"data_list":{"type":"array","items":{"type":"object","required":["image_name","risk_detail_info"],"properties":{"namespace":{"type":["string","null"],"maxLength":64},"image_digest":{"type":["string","null"],"maxLength":128},"image_id":{"type":["string","null"],"maxLength":128},"image_name":{"type":"string","maxLength":128},"image_version":{"type":["string","null"],"maxLength":128},"image_type":{"enum":["private_image","shared_image","instance_image","harbor","jfrog","cicd",null]},"image_size":{"type":["integer","null"],"minimum":0,"maximum":9007199254740991},"latest_scan_time":{"type":["integer","null"],"minimum":0,"maximum":9007199254740991},"risk_detail_info":{"type":"object","required":["risk_list"],"properties":{"risk_num":{"type":["integer","null"],"minimum":0,"maximum":2147483547},"risk_list":{"type":"array","items":{"type":"object","properties":{"remediation":{"type":["string","null"],"maxLength":65534},"build_instruction":{"type":["string","null"],"maxLength":256}},"zodOutput":"BuildCommandRiskDetailResponseInfo"},"maxItems":2147483647}},"zodOutput":"BuildCommandRiskDetailListResponseInfo"}},"zodOutput":"BuildCommandRisksImageResponseInfo"},"maxItems":200}},"zodOutput":"ListImageBuildCommandRisksImagesResponse"};

function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="ListImageBuildCommandRisksImages" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(errors === 0){
if(data && typeof data == "object" && !Array.isArray(data)){
let missing0;
if(((data.total_num === undefined) && (missing0 = "total_num")) || ((data.data_list === undefined) && (missing0 = "data_list"))){
validate21.errors = [{instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: missing0}}];
return false;
}
else {
if(data.total_num !== undefined){
let data0 = data.total_num;
const _errs1 = errors;
if(!(((typeof data0 == "number") && (!(data0 % 1) && !isNaN(data0))) && (isFinite(data0)))){
validate21.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/type",keyword:"type",params:{type: "integer"}}];
return false;
}
if(errors === _errs1){
if((typeof data0 == "number") && (isFinite(data0))){
if(data0 > 2147483547 || isNaN(data0)){
validate21.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483547}}];
return false;
}
else {
if(data0 < 0 || isNaN(data0)){
validate21.errors = [{instancePath:instancePath+"/total_num",schemaPath:"#/properties/total_num/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid0 = _errs1 === errors;
}
else {
var valid0 = true;
}
if(valid0){
if(data.data_list !== undefined){
let data1 = data.data_list;
const _errs3 = errors;
if(errors === _errs3){
if(Array.isArray(data1)){
if(data1.length > 200){
validate21.errors = [{instancePath:instancePath+"/data_list",schemaPath:"#/properties/data_list/maxItems",keyword:"maxItems",params:{limit: 200}}];
return false;
}
else {
var valid1 = true;
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
const _errs5 = errors;
if(errors === _errs5){
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
let missing1;
if(((data2.image_name === undefined) && (missing1 = "image_name")) || ((data2.risk_detail_info === undefined) && (missing1 = "risk_detail_info"))){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0,schemaPath:"#/properties/data_list/items/required",keyword:"required",params:{missingProperty: missing1}}];
return false;
}
else {
if(data2.namespace !== undefined){
let data3 = data2.namespace;
const _errs7 = errors;
if((typeof data3 !== "string") && (data3 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/namespace",schemaPath:"#/properties/data_list/items/properties/namespace/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.namespace.type}}];
return false;
}
if(errors === _errs7){
if(typeof data3 === "string"){
if(data3.length > 64){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/namespace",schemaPath:"#/properties/data_list/items/properties/namespace/maxLength",keyword:"maxLength",params:{limit: 64}}];
return false;
}
}
}
var valid2 = _errs7 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_digest !== undefined){
let data4 = data2.image_digest;
const _errs9 = errors;
if((typeof data4 !== "string") && (data4 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_digest",schemaPath:"#/properties/data_list/items/properties/image_digest/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.image_digest.type}}];
return false;
}
if(errors === _errs9){
if(typeof data4 === "string"){
if(data4.length > 128){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_digest",schemaPath:"#/properties/data_list/items/properties/image_digest/maxLength",keyword:"maxLength",params:{limit: 128}}];
return false;
}
}
}
var valid2 = _errs9 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_id !== undefined){
let data5 = data2.image_id;
const _errs11 = errors;
if((typeof data5 !== "string") && (data5 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_id",schemaPath:"#/properties/data_list/items/properties/image_id/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.image_id.type}}];
return false;
}
if(errors === _errs11){
if(typeof data5 === "string"){
if(data5.length > 128){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_id",schemaPath:"#/properties/data_list/items/properties/image_id/maxLength",keyword:"maxLength",params:{limit: 128}}];
return false;
}
}
}
var valid2 = _errs11 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_name !== undefined){
let data6 = data2.image_name;
const _errs13 = errors;
if(errors === _errs13){
if(typeof data6 === "string"){
if(data6.length > 128){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_name",schemaPath:"#/properties/data_list/items/properties/image_name/maxLength",keyword:"maxLength",params:{limit: 128}}];
return false;
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_name",schemaPath:"#/properties/data_list/items/properties/image_name/type",keyword:"type",params:{type: "string"}}];
return false;
}
}
var valid2 = _errs13 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_version !== undefined){
let data7 = data2.image_version;
const _errs15 = errors;
if((typeof data7 !== "string") && (data7 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_version",schemaPath:"#/properties/data_list/items/properties/image_version/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.image_version.type}}];
return false;
}
if(errors === _errs15){
if(typeof data7 === "string"){
if(data7.length > 128){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_version",schemaPath:"#/properties/data_list/items/properties/image_version/maxLength",keyword:"maxLength",params:{limit: 128}}];
return false;
}
}
}
var valid2 = _errs15 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_type !== undefined){
let data8 = data2.image_type;
const _errs17 = errors;
if(!(((((((data8 === "private_image") || (data8 === "shared_image")) || (data8 === "instance_image")) || (data8 === "harbor")) || (data8 === "jfrog")) || (data8 === "cicd")) || (data8 === null))){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_type",schemaPath:"#/properties/data_list/items/properties/image_type/enum",keyword:"enum",params:{allowedValues: schema32.properties.data_list.items.properties.image_type.enum}}];
return false;
}
var valid2 = _errs17 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.image_size !== undefined){
let data9 = data2.image_size;
const _errs18 = errors;
if((!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))) && (data9 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_size",schemaPath:"#/properties/data_list/items/properties/image_size/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.image_size.type}}];
return false;
}
if(errors === _errs18){
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 9007199254740991 || isNaN(data9)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_size",schemaPath:"#/properties/data_list/items/properties/image_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991}}];
return false;
}
else {
if(data9 < 0 || isNaN(data9)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/image_size",schemaPath:"#/properties/data_list/items/properties/image_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid2 = _errs18 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.latest_scan_time !== undefined){
let data10 = data2.latest_scan_time;
const _errs20 = errors;
if((!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))) && (data10 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.latest_scan_time.type}}];
return false;
}
if(errors === _errs20){
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 9007199254740991 || isNaN(data10)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/maximum",keyword:"maximum",params:{comparison: "<=", limit: 9007199254740991}}];
return false;
}
else {
if(data10 < 0 || isNaN(data10)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/latest_scan_time",schemaPath:"#/properties/data_list/items/properties/latest_scan_time/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid2 = _errs20 === errors;
}
else {
var valid2 = true;
}
if(valid2){
if(data2.risk_detail_info !== undefined){
let data11 = data2.risk_detail_info;
const _errs22 = errors;
if(errors === _errs22){
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
let missing2;
if((data11.risk_list === undefined) && (missing2 = "risk_list")){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/required",keyword:"required",params:{missingProperty: missing2}}];
return false;
}
else {
if(data11.risk_num !== undefined){
let data12 = data11.risk_num;
const _errs24 = errors;
if((!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))) && (data12 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_num",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_num/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.risk_detail_info.properties.risk_num.type}}];
return false;
}
if(errors === _errs24){
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 2147483547 || isNaN(data12)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_num",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_num/maximum",keyword:"maximum",params:{comparison: "<=", limit: 2147483547}}];
return false;
}
else {
if(data12 < 0 || isNaN(data12)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_num",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_num/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0}}];
return false;
}
}
}
}
var valid3 = _errs24 === errors;
}
else {
var valid3 = true;
}
if(valid3){
if(data11.risk_list !== undefined){
let data13 = data11.risk_list;
const _errs26 = errors;
if(errors === _errs26){
if(Array.isArray(data13)){
if(data13.length > 2147483647){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/maxItems",keyword:"maxItems",params:{limit: 2147483647}}];
return false;
}
else {
var valid4 = true;
const len1 = data13.length;
for(let i1=0; i1<len1; i1++){
let data14 = data13[i1];
const _errs28 = errors;
if(errors === _errs28){
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.remediation !== undefined){
let data15 = data14.remediation;
const _errs30 = errors;
if((typeof data15 !== "string") && (data15 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list/" + i1+"/remediation",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/items/properties/remediation/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.risk_detail_info.properties.risk_list.items.properties.remediation.type}}];
return false;
}
if(errors === _errs30){
if(typeof data15 === "string"){
if(data15.length > 65534){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list/" + i1+"/remediation",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/items/properties/remediation/maxLength",keyword:"maxLength",params:{limit: 65534}}];
return false;
}
}
}
var valid5 = _errs30 === errors;
}
else {
var valid5 = true;
}
if(valid5){
if(data14.build_instruction !== undefined){
let data16 = data14.build_instruction;
const _errs32 = errors;
if((typeof data16 !== "string") && (data16 !== null)){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list/" + i1+"/build_instruction",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/items/properties/build_instruction/type",keyword:"type",params:{type: schema32.properties.data_list.items.properties.risk_detail_info.properties.risk_list.items.properties.build_instruction.type}}];
return false;
}
if(errors === _errs32){
if(typeof data16 === "string"){
if(data16.length > 256){
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list/" + i1+"/build_instruction",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/items/properties/build_instruction/maxLength",keyword:"maxLength",params:{limit: 256}}];
return false;
}
}
}
var valid5 = _errs32 === errors;
}
else {
var valid5 = true;
}
if(valid5){
const out0 = {};
if(data14["remediation"] !== undefined){
if(data14["remediation"] === null){
this.nulls["BuildCommandRiskDetailResponseInfo.remediation"] = (this.nulls["BuildCommandRiskDetailResponseInfo.remediation"] ?? 0) + 1;
}
else {
out0["remediation"] = data14["remediation"];
}
}
if(data14["build_instruction"] !== undefined){
if(data14["build_instruction"] === null){
this.nulls["BuildCommandRiskDetailResponseInfo.build_instruction"] = (this.nulls["BuildCommandRiskDetailResponseInfo.build_instruction"] ?? 0) + 1;
}
else {
out0["build_instruction"] = data14["build_instruction"];
}
}
data13[i1] = out0;
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list/" + i1,schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/items/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
var valid4 = _errs28 === errors;
if(!valid4){
break;
}
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info/risk_list",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/properties/risk_list/type",keyword:"type",params:{type: "array"}}];
return false;
}
}
var valid3 = _errs26 === errors;
}
else {
var valid3 = true;
}
if(valid3){
const out1 = {};
if(data11["risk_num"] !== undefined){
if(data11["risk_num"] === null){
this.nulls["BuildCommandRiskDetailListResponseInfo.risk_num"] = (this.nulls["BuildCommandRiskDetailListResponseInfo.risk_num"] ?? 0) + 1;
}
else {
out1["risk_num"] = data11["risk_num"];
}
}
out1["risk_list"] = data11["risk_list"];
data2["risk_detail_info"] = out1;
}
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0+"/risk_detail_info",schemaPath:"#/properties/data_list/items/properties/risk_detail_info/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
var valid2 = _errs22 === errors;
}
else {
var valid2 = true;
}
if(valid2){
const out2 = {};
if(data2["namespace"] !== undefined){
if(data2["namespace"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.namespace"] = (this.nulls["BuildCommandRisksImageResponseInfo.namespace"] ?? 0) + 1;
}
else {
out2["namespace"] = data2["namespace"];
}
}
if(data2["image_digest"] !== undefined){
if(data2["image_digest"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.image_digest"] = (this.nulls["BuildCommandRisksImageResponseInfo.image_digest"] ?? 0) + 1;
}
else {
out2["image_digest"] = data2["image_digest"];
}
}
if(data2["image_id"] !== undefined){
if(data2["image_id"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.image_id"] = (this.nulls["BuildCommandRisksImageResponseInfo.image_id"] ?? 0) + 1;
}
else {
out2["image_id"] = data2["image_id"];
}
}
out2["image_name"] = data2["image_name"];
if(data2["image_version"] !== undefined){
if(data2["image_version"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.image_version"] = (this.nulls["BuildCommandRisksImageResponseInfo.image_version"] ?? 0) + 1;
}
else {
out2["image_version"] = data2["image_version"];
}
}
if(data2["image_type"] !== undefined){
if(data2["image_type"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.image_type"] = (this.nulls["BuildCommandRisksImageResponseInfo.image_type"] ?? 0) + 1;
}
else {
out2["image_type"] = data2["image_type"];
}
}
if(data2["image_size"] !== undefined){
if(data2["image_size"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.image_size"] = (this.nulls["BuildCommandRisksImageResponseInfo.image_size"] ?? 0) + 1;
}
else {
out2["image_size"] = data2["image_size"];
}
}
if(data2["latest_scan_time"] !== undefined){
if(data2["latest_scan_time"] === null){
this.nulls["BuildCommandRisksImageResponseInfo.latest_scan_time"] = (this.nulls["BuildCommandRisksImageResponseInfo.latest_scan_time"] ?? 0) + 1;
}
else {
out2["latest_scan_time"] = data2["latest_scan_time"];
}
}
out2["risk_detail_info"] = data2["risk_detail_info"];
data1[i0] = out2;
}
}
}
}
}
}
}
}
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list/" + i0,schemaPath:"#/properties/data_list/items/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
var valid1 = _errs5 === errors;
if(!valid1){
break;
}
}
}
}
else {
validate21.errors = [{instancePath:instancePath+"/data_list",schemaPath:"#/properties/data_list/type",keyword:"type",params:{type: "array"}}];
return false;
}
}
var valid0 = _errs3 === errors;
}
else {
var valid0 = true;
}
if(valid0){
const out3 = {};
out3["total_num"] = data["total_num"];
out3["data_list"] = data["data_list"];
this.value = out3;
}
}
}
}
else {
validate21.errors = [{instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"}}];
return false;
}
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":{"total_num":true,"data_list":true},"dynamicProps":false,"dynamicItems":false};


/** Nulls read as absent, by `Schema.field`, tallied while a validator runs. */
type Nulls = Record<string, number>;

/** Runs `validate` on `body`: zod's value, or undefined where zod must decide. */
function run(validate: (this: { nulls: Nulls; value?: unknown }, body: unknown) => boolean, body: unknown, nulls: Nulls): unknown {
  const context: { nulls: Nulls; value?: unknown } = { nulls };
  return validate.call(context, body) ? context.value : undefined;
}

/**
 * Each operation's 200 body check: the body zod's schema gives, or undefined (then ask zod). `nulls` tallies the
 * nulls read as absent, as countNulls does; on undefined it is incomplete. The body's arrays and objects change.
 */
export const responseChecks = {
  ListImageBuildCommandRisks: (v: unknown, nulls: Nulls): unknown => run(ListImageBuildCommandRisks, v, nulls),
  ListImageBuildCommandRisksImages: (v: unknown, nulls: Nulls): unknown => run(ListImageBuildCommandRisksImages, v, nulls),
} as const;
