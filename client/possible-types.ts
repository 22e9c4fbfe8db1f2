
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "AddShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AddSkuResult": [
      "AddSkuPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AdjustSkuStockResult": [
      "AdjustSkuStockPayload",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "ConfirmAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCategoryResult": [
      "AlreadyExistsError",
      "CreateCategoryPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCreatorAccountResult": [
      "AlreadyExistsError",
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductResult": [
      "AlreadyExistsError",
      "CreateProductPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAffiliatePlanInvitationResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "FreezeProductResult": [
      "FreezeProductPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "InviteToAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "JoinAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "LeaveAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "LiveEvent": [
      "LiveProductPinnedEvent",
      "LiveProductUnpinnedEvent",
      "LivePurchaseEvent",
      "LiveStateEvent",
      "LiveStockChangedEvent",
      "LiveStreamStatusEvent",
      "LiveViewerCountEvent"
    ],
    "LogInResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "LogOutResult": [
      "LogOutPayload",
      "ValidationError"
    ],
    "Node": [
      "AccountLink",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "LivePin",
      "LiveStream",
      "Product",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "PinLiveProductResult": [
      "LivePinPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "RefreshAccessTokenResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "ReinstateShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "ReinstateShopPayload",
      "ValidationError"
    ],
    "RemoveShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveShopMemberPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RemoveShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RemoveSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveSkuPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RequestAccountLinkResult": [
      "AccountLinkPayload",
      "AlreadyExistsError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ResumeAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ReviewShopVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ReviewShopVerificationPayload",
      "ValidationError"
    ],
    "RevokeAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ScheduleLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SetAffiliatePlanProductsResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetLiveStreamProductsResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SetProductStatusResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetProductStatusPayload",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "SetShopBankAccountResult": [
      "BankAccountNameMismatchError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetShopBankAccountPayload",
      "ValidationError"
    ],
    "SetShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SetShopMemberPayload",
      "ValidationError"
    ],
    "SignUpResult": [
      "AlreadyExistsError",
      "AuthPayload",
      "ValidationError"
    ],
    "StartLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SubmitShopForVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "SubmitShopForVerificationPayload",
      "ValidationError"
    ],
    "SuspendShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "SuspendShopPayload",
      "ValidationError"
    ],
    "UnfreezeProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UnfreezeProductPayload",
      "ValidationError"
    ],
    "UnpinLiveProductResult": [
      "LivePinPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "UpdateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateCreatorAccountResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateProductPayload",
      "ValidationError"
    ],
    "UpdateSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "UpdateSkuPayload",
      "ValidationError"
    ],
    "UploadVerificationDocumentResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UploadRejectedError",
      "UploadVerificationDocumentPayload",
      "ValidationError"
    ],
    "UserError": [
      "AlreadyExistsError",
      "BankAccountNameMismatchError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "AddShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AddSkuResult": [
      "AddSkuPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "AdjustSkuStockResult": [
      "AdjustSkuStockPayload",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "ConfirmAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCategoryResult": [
      "AlreadyExistsError",
      "CreateCategoryPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateCreatorAccountResult": [
      "AlreadyExistsError",
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductResult": [
      "AlreadyExistsError",
      "CreateProductPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "DeclineAffiliatePlanInvitationResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "FreezeProductResult": [
      "FreezeProductPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "InviteToAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "JoinAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "AlreadyExistsError",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "LeaveAffiliatePlanResult": [
      "AffiliateParticipationPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "LiveEvent": [
      "LiveProductPinnedEvent",
      "LiveProductUnpinnedEvent",
      "LivePurchaseEvent",
      "LiveStateEvent",
      "LiveStockChangedEvent",
      "LiveStreamStatusEvent",
      "LiveViewerCountEvent"
    ],
    "LogInResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "LogOutResult": [
      "LogOutPayload",
      "ValidationError"
    ],
    "Node": [
      "AccountLink",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "LivePin",
      "LiveStream",
      "Product",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "PinLiveProductResult": [
      "LivePinPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "RefreshAccessTokenResult": [
      "AuthPayload",
      "InvalidCredentialsError",
      "ValidationError"
    ],
    "ReinstateShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "ReinstateShopPayload",
      "ValidationError"
    ],
    "RemoveShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveShopMemberPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RemoveShowcaseProductsResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "RemoveSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RemoveSkuPayload",
      "RuleViolationError",
      "ValidationError"
    ],
    "RequestAccountLinkResult": [
      "AccountLinkPayload",
      "AlreadyExistsError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ResumeAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ReviewShopVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ReviewShopVerificationPayload",
      "ValidationError"
    ],
    "RevokeAccountLinkResult": [
      "AccountLinkPayload",
      "InvalidStateError",
      "LinkRuleError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "ScheduleLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SetAffiliatePlanProductsResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "SetLiveStreamProductsResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SetProductStatusResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetProductStatusPayload",
      "ShopCannotSellError",
      "ValidationError"
    ],
    "SetShopBankAccountResult": [
      "BankAccountNameMismatchError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SetShopBankAccountPayload",
      "ValidationError"
    ],
    "SetShopMemberResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SetShopMemberPayload",
      "ValidationError"
    ],
    "SignUpResult": [
      "AlreadyExistsError",
      "AuthPayload",
      "ValidationError"
    ],
    "StartLiveStreamResult": [
      "LiveStreamPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "SubmitShopForVerificationResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "SubmitShopForVerificationPayload",
      "ValidationError"
    ],
    "SuspendShopResult": [
      "NotFoundError",
      "PermissionDeniedError",
      "SuspendShopPayload",
      "ValidationError"
    ],
    "UnfreezeProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UnfreezeProductPayload",
      "ValidationError"
    ],
    "UnpinLiveProductResult": [
      "LivePinPayload",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "ValidationError"
    ],
    "UpdateAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateCreatorAccountResult": [
      "CreatorAccountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "UpdateProductResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateProductPayload",
      "ValidationError"
    ],
    "UpdateSkuResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "UpdateSkuPayload",
      "ValidationError"
    ],
    "UploadVerificationDocumentResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UploadRejectedError",
      "UploadVerificationDocumentPayload",
      "ValidationError"
    ],
    "UserError": [
      "AlreadyExistsError",
      "BankAccountNameMismatchError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "LiveStreamStatusError",
      "NotFoundError",
      "PermissionDeniedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError"
    ]
  }
};
      export default result;
    