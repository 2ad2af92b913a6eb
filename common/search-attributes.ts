// Typed keys of our custom search attributes (registered as Keyword on the namespace by the dev server
// runner, or by the operator in production). They are never encrypted, so they never carry secrets.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ScaleioCluster = defineSearchAttributeKey('ScaleioCluster', SearchAttributeType.KEYWORD);
export const ScaleioNode = defineSearchAttributeKey('ScaleioNode', SearchAttributeType.KEYWORD);
export const ScaleioProcedure = defineSearchAttributeKey('ScaleioProcedure', SearchAttributeType.KEYWORD);
export const ScaleioPhase = defineSearchAttributeKey('ScaleioPhase', SearchAttributeType.KEYWORD);
