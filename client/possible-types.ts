
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
      "IdempotencyKeyReusedError",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "CancelOrderResult": [
      "CancelOrderPayload",
      "IdempotencyKeyReusedError",
      "IllegalTransitionError",
      "NotFoundError",
      "PermissionDeniedError",
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
    "ConfirmPackageDeliveryResult": [
      "ConfirmPackageDeliveryPayload",
      "IllegalTransitionError",
      "InvalidStateError",
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
    "CreateFlashDealResult": [
      "CreateFlashDealPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductDiscountResult": [
      "CreateProductDiscountPayload",
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
    "CreateShippingDiscountResult": [
      "CreateShippingDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShippingTemplateResult": [
      "AlreadyExistsError",
      "CreateShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateVoucherResult": [
      "AlreadyExistsError",
      "CreateVoucherPayload",
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
    "DeleteShippingTemplateResult": [
      "DeleteShippingTemplatePayload",
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
    "EndPromotionResult": [
      "EndPromotionPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndVoucherResult": [
      "EndVoucherPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
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
      "LiveFlashDealEndedEvent",
      "LiveFlashDealStartedEvent",
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
      "AffiliateCommission",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "LivePin",
      "LiveStream",
      "Order",
      "OrderItem",
      "Package",
      "Product",
      "Promotion",
      "ShippingTemplate",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument",
      "Voucher"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "PayOrderResult": [
      "IllegalTransitionError",
      "NotFoundError",
      "PayOrderPayload",
      "PaymentDeclinedError",
      "PaymentWindowClosedError",
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
    "PlaceOrderResult": [
      "FlashDealOverError",
      "IdempotencyKeyReusedError",
      "NotBuyableError",
      "NotFoundError",
      "OutOfStockError",
      "PermissionDeniedError",
      "PlaceOrderPayload",
      "PurchaseLimitReachedError",
      "RuleViolationError",
      "ShippingUnavailableError",
      "ValidationError",
      "VoucherInvalidError"
    ],
    "RecordCarrierEventResult": [
      "IllegalTransitionError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RecordCarrierEventPayload",
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
    "ShipOrderPackageResult": [
      "AlreadyExistsError",
      "IllegalTransitionError",
      "NotFoundError",
      "PermissionDeniedError",
      "ShipOrderPackagePayload",
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
    "UpdatePromotionResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdatePromotionPayload",
      "ValidationError"
    ],
    "UpdateShippingTemplateResult": [
      "AlreadyExistsError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateShippingTemplatePayload",
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
    "UpdateVoucherResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateVoucherPayload",
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
      "FlashDealOverError",
      "IdempotencyKeyReusedError",
      "IllegalTransitionError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "LiveStreamStatusError",
      "NotBuyableError",
      "NotFoundError",
      "OutOfStockError",
      "PaymentDeclinedError",
      "PaymentWindowClosedError",
      "PermissionDeniedError",
      "PurchaseLimitReachedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShippingUnavailableError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError",
      "VoucherInvalidError"
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
      "IdempotencyKeyReusedError",
      "InsufficientStockError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "SkuVersionConflictError",
      "ValidationError"
    ],
    "CancelOrderResult": [
      "CancelOrderPayload",
      "IdempotencyKeyReusedError",
      "IllegalTransitionError",
      "NotFoundError",
      "PermissionDeniedError",
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
    "ConfirmPackageDeliveryResult": [
      "ConfirmPackageDeliveryPayload",
      "IllegalTransitionError",
      "InvalidStateError",
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
    "CreateFlashDealResult": [
      "CreateFlashDealPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateProductDiscountResult": [
      "CreateProductDiscountPayload",
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
    "CreateShippingDiscountResult": [
      "CreateShippingDiscountPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShippingTemplateResult": [
      "AlreadyExistsError",
      "CreateShippingTemplatePayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateShopResult": [
      "AlreadyExistsError",
      "CreateShopPayload",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "CreateVoucherResult": [
      "AlreadyExistsError",
      "CreateVoucherPayload",
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
    "DeleteShippingTemplateResult": [
      "DeleteShippingTemplatePayload",
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
    "EndPromotionResult": [
      "EndPromotionPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "EndVoucherResult": [
      "EndVoucherPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
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
      "LiveFlashDealEndedEvent",
      "LiveFlashDealStartedEvent",
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
      "AffiliateCommission",
      "AffiliatePlan",
      "Category",
      "CreatorAccount",
      "LivePin",
      "LiveStream",
      "Order",
      "OrderItem",
      "Package",
      "Product",
      "Promotion",
      "ShippingTemplate",
      "Shop",
      "Sku",
      "User",
      "VerificationDocument",
      "Voucher"
    ],
    "PauseAffiliatePlanResult": [
      "AffiliatePlanPayload",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "ValidationError"
    ],
    "PayOrderResult": [
      "IllegalTransitionError",
      "NotFoundError",
      "PayOrderPayload",
      "PaymentDeclinedError",
      "PaymentWindowClosedError",
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
    "PlaceOrderResult": [
      "FlashDealOverError",
      "IdempotencyKeyReusedError",
      "NotBuyableError",
      "NotFoundError",
      "OutOfStockError",
      "PermissionDeniedError",
      "PlaceOrderPayload",
      "PurchaseLimitReachedError",
      "RuleViolationError",
      "ShippingUnavailableError",
      "ValidationError",
      "VoucherInvalidError"
    ],
    "RecordCarrierEventResult": [
      "IllegalTransitionError",
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "RecordCarrierEventPayload",
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
    "ShipOrderPackageResult": [
      "AlreadyExistsError",
      "IllegalTransitionError",
      "NotFoundError",
      "PermissionDeniedError",
      "ShipOrderPackagePayload",
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
    "UpdatePromotionResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdatePromotionPayload",
      "ValidationError"
    ],
    "UpdateShippingTemplateResult": [
      "AlreadyExistsError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateShippingTemplatePayload",
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
    "UpdateVoucherResult": [
      "InvalidStateError",
      "NotFoundError",
      "PermissionDeniedError",
      "UpdateVoucherPayload",
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
      "FlashDealOverError",
      "IdempotencyKeyReusedError",
      "IllegalTransitionError",
      "InsufficientStockError",
      "InvalidCredentialsError",
      "InvalidStateError",
      "LinkRuleError",
      "LiveStreamStatusError",
      "NotBuyableError",
      "NotFoundError",
      "OutOfStockError",
      "PaymentDeclinedError",
      "PaymentWindowClosedError",
      "PermissionDeniedError",
      "PurchaseLimitReachedError",
      "RuleViolationError",
      "SellerUnderageError",
      "ShippingUnavailableError",
      "ShopCannotSellError",
      "SkuVersionConflictError",
      "UploadRejectedError",
      "ValidationError",
      "VoucherInvalidError"
    ]
  }
};
      export default result;
    